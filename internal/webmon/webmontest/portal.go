package webmontest

import (
	"fmt"
	"html"
	"net/http"
	"strings"
)

// org is the agency a fixture portal belongs to.
type org struct {
	Name    string // "Sở Nội vụ tỉnh An Bình"
	Short   string // "Sở Nội vụ"
	Domain  string // its real-world domain, shown in the footer only
	Address string
	Phone   string
}

// article is one news item of a portal.
type article struct {
	Slug    string
	Title   string
	Date    string
	Summary string
	Body    []string // paragraphs
	// HomeOnly articles are linked from the home page (and the sitemap)
	// but not from the news list.
	HomeOnly bool
}

// articles are the news every fixture portal carries; %s is the agency's
// short name.
var articles = []article{
	{Slug: "hoi-nghi-trien-khai-nhiem-vu-nam-2026", Title: "Hội nghị tổng kết công tác năm 2025, triển khai nhiệm vụ năm 2026", Date: "20/11/2025",
		Summary: "Sáng ngày 20/11, %s tổ chức hội nghị tổng kết công tác năm 2025 và triển khai nhiệm vụ trọng tâm năm 2026.",
		Body: []string{
			"Dự hội nghị có đại diện lãnh đạo UBND tỉnh, lãnh đạo các phòng, ban, đơn vị trực thuộc cùng toàn thể cán bộ, công chức, viên chức.",
			"Năm 2025, đơn vị đã hoàn thành 100% chỉ tiêu được giao; công tác cải cách hành chính tiếp tục được đẩy mạnh, tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,6%.",
			"Phát biểu chỉ đạo, đồng chí Phó Chủ tịch UBND tỉnh đề nghị đơn vị tiếp tục đổi mới phương thức làm việc, tăng cường ứng dụng công nghệ thông tin và bảo đảm an toàn thông tin mạng.",
		}},
	{Slug: "tap-huan-bao-dam-an-toan-thong-tin-mang", Title: "Tập huấn bảo đảm an toàn thông tin mạng cho cán bộ, công chức", Date: "18/11/2025",
		Summary: "%s phối hợp với Sở Thông tin và Truyền thông tổ chức lớp tập huấn kỹ năng bảo đảm an toàn thông tin trong hoạt động công vụ.",
		Body: []string{
			"Các học viên được phổ biến quy chế bảo đảm an toàn thông tin mạng của tỉnh, nhận diện thư điện tử lừa đảo và cách xử lý khi phát hiện sự cố.",
			"Lớp tập huấn cũng hướng dẫn sử dụng chữ ký số, đặt mật khẩu mạnh và xác thực hai lớp khi truy cập hệ thống thư công vụ.",
		}},
	{Slug: "cong-khai-danh-muc-thu-tuc-hanh-chinh", Title: "Công khai danh mục thủ tục hành chính được chuẩn hóa", Date: "15/11/2025",
		Summary: "Chủ tịch UBND tỉnh ban hành quyết định công bố danh mục thủ tục hành chính được chuẩn hóa thuộc phạm vi quản lý của %s.",
		Body: []string{
			"Danh mục gồm 42 thủ tục hành chính cấp tỉnh, 15 thủ tục cấp huyện và 8 thủ tục cấp xã, được tiếp nhận qua Cổng dịch vụ công của tỉnh.",
			"Tổ chức, cá nhân có thể tra cứu tình trạng hồ sơ trực tuyến hoặc liên hệ Bộ phận một cửa để được hướng dẫn.",
		}},
	{Slug: "so-ket-chuyen-doi-so-6-thang", Title: "Sơ kết công tác chuyển đổi số 6 tháng cuối năm", Date: "12/11/2025",
		Summary: "%s sơ kết công tác chuyển đổi số, đánh giá kết quả triển khai các nền tảng số dùng chung của tỉnh.",
		Body: []string{
			"Tỷ lệ văn bản điện tử gửi nhận trên hệ thống quản lý văn bản và điều hành đạt trên 98%, trừ văn bản mật theo quy định.",
			"Hội nghị thống nhất tiếp tục rà soát, nâng cấp Cổng thông tin điện tử và tăng cường giám sát an toàn thông tin cho các hệ thống.",
		}},
}

// page is what varies between the pages of a portal.
type page struct {
	Title   string
	Main    string // HTML of the main column
	Clock   string // date line in the header (text)
	Counter string // visitor statistics block (HTML)
	Inject  string // HTML added just before </body>
}

// menu is the portal's main navigation.
const menu = `<nav class="main-menu"><ul>
<li><a href="/">Trang chủ</a></li>
<li><a href="/gioi-thieu/">Giới thiệu</a><ul><li><a href="/gioi-thieu/#chuc-nang">Chức năng, nhiệm vụ</a></li><li><a href="/gioi-thieu/#co-cau">Cơ cấu tổ chức</a></li></ul></li>
<li><a href="/tin-tuc/">Tin tức - Sự kiện</a></li>
<li><a href="/van-ban/">Văn bản pháp quy</a></li>
<li><a href="https://dichvucong.gov.vn/">Dịch vụ công trực tuyến</a></li>
<li><a href="/lien-he/">Liên hệ</a></li>
</ul></nav>`

// style and menuScript are the portal's inline CSS and script; both are
// the same on every request.
const style = `<style>
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;background:#f4f4f4}
.wrap{width:1170px;margin:0 auto;background:#fff}.banner{background:#b40000;color:#fff;padding:18px 24px}
.banner h1{margin:0;font-size:26px;text-transform:uppercase}.main-menu ul{list-style:none;margin:0;padding:0;background:#8c0000}
.main-menu li{display:inline-block;position:relative}.main-menu a{color:#fff;display:block;padding:10px 14px;text-decoration:none}
.main-menu li ul{display:none;position:absolute}.main-menu li:hover ul{display:block}
.news-item{border-bottom:1px dotted #ccc;padding:8px 0}.date{color:#888;font-size:12px}
footer{background:#8c0000;color:#fff;padding:16px 24px;font-size:13px}
</style>`

const menuScript = `<script>
document.addEventListener("DOMContentLoaded", function () {
  var items = document.querySelectorAll(".main-menu li");
  for (var i = 0; i < items.length; i++) {
    items[i].addEventListener("click", function () { this.classList.toggle("open"); });
  }
});
</script>`

// renderPortal writes one page of o's portal.
func renderPortal(o org, p page) []byte {
	var b strings.Builder
	b.Grow(8 << 10)
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<meta name="description" content="Cổng thông tin điện tử %s">
<link rel="stylesheet" href="/css/style.css">
<link rel="icon" href="/favicon.ico">
%s
</head>
<body>
<div class="wrap">
<header>
<div class="top-bar"><span class="today">%s</span> <a href="/lien-he/">Liên hệ</a> | <a href="/sitemap.xml">Sơ đồ cổng</a></div>
<div class="banner"><img src="/images/logo.png" alt="Quốc huy" width="80" height="80">
<p>ỦY BAN NHÂN DÂN TỈNH AN BÌNH</p><h1>%s</h1></div>
%s
<form class="search" action="/tim-kiem/" method="get"><input type="text" name="q" placeholder="Tìm kiếm..."><button>Tìm</button></form>
</header>
<div class="content">
<main>
%s
</main>
<aside>
<h3>Liên kết website</h3>
<ul class="links">
<li><a href="https://chinhphu.gov.vn/">Cổng thông tin điện tử Chính phủ</a></li>
<li><a href="https://mic.gov.vn/">Bộ Thông tin và Truyền thông</a></li>
<li><a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công quốc gia</a></li>
<li><a href="https://moj.gov.vn/">Bộ Tư pháp</a></li>
</ul>
<h3>Thống kê truy cập</h3>
<div class="counter">%s</div>
</aside>
</div>
<footer>
<p><strong>Cổng thông tin điện tử %s</strong></p>
<p>Cơ quan chủ quản: %s. Địa chỉ: %s. Điện thoại: %s. Email: vanphong@%s</p>
<p>Chịu trách nhiệm chính: Giám đốc %s. Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp.</p>
<p>Ghi rõ nguồn "Cổng thông tin điện tử %s" khi phát hành lại thông tin từ website này.</p>
</footer>
</div>
%s
%s
</body>
</html>
`, html.EscapeString(p.Title), html.EscapeString(o.Name), style, html.EscapeString(p.Clock), html.EscapeString(o.Name), menu,
		p.Main, p.Counter, html.EscapeString(o.Name), html.EscapeString(o.Name), html.EscapeString(o.Address), o.Phone,
		o.Domain, html.EscapeString(o.Short), html.EscapeString(o.Name), menuScript, p.Inject)
	return []byte(b.String())
}

// staticCounter is a visitor block that never changes.
const staticCounter = `<p>Đang truy cập: 12</p><p>Hôm nay: 345</p><p>Tổng lượt truy cập: 1.234.567</p>`

// staticClock is a header date that never changes.
const staticClock = "Thứ Hai, ngày 24/11/2025"

// newsList renders articles as a list; home lists every article, the news
// page skips HomeOnly ones.
func newsList(o org, arts []article, home bool) string {
	var b strings.Builder
	b.WriteString(`<section class="news"><h2>Tin tức - Sự kiện</h2>`)
	for _, a := range arts {
		if a.HomeOnly && !home {
			continue
		}
		fmt.Fprintf(&b, `
<div class="news-item"><h3><a href="/tin-tuc/%s.html">%s</a></h3><span class="date">(%s)</span><p>%s</p></div>`,
			a.Slug, html.EscapeString(a.Title), a.Date, html.EscapeString(fmt.Sprintf(a.Summary, o.Short)))
	}
	b.WriteString("\n</section>")
	return b.String()
}

func homeMain(o org, arts []article) string {
	return `<section class="hot"><h2>Tin nổi bật</h2><p><a href="/tin-tuc/` + arts[0].Slug + `.html">` +
		html.EscapeString(arts[0].Title) + `</a></p></section>
` + newsList(o, arts, true) + `
<section class="notice"><h2>Thông báo</h2><ul>
<li>Lịch tiếp công dân định kỳ của lãnh đạo ` + html.EscapeString(o.Short) + ` vào ngày 15 hằng tháng.</li>
<li>Thông báo tuyển dụng viên chức năm 2025.</li></ul></section>`
}

func articleMain(o org, a article, extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<article><h2>%s</h2><span class="date">Ngày đăng: %s</span><p class="sapo">%s</p>`,
		html.EscapeString(a.Title), a.Date, html.EscapeString(fmt.Sprintf(a.Summary, o.Short)))
	for _, p := range a.Body {
		b.WriteString("\n<p>" + html.EscapeString(p) + "</p>")
	}
	b.WriteString(extra)
	b.WriteString("\n<p class=\"author\">Văn phòng " + html.EscapeString(o.Short) + "</p></article>")
	return b.String()
}

func aboutMain(o org) string {
	return `<h2>Giới thiệu</h2><h3 id="chuc-nang">Chức năng, nhiệm vụ</h3><p>` + html.EscapeString(o.Short) +
		` là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh An Bình, tham mưu, giúp UBND tỉnh quản lý nhà nước trong lĩnh vực được giao.</p>
<h3 id="co-cau">Cơ cấu tổ chức</h3><ul><li>Lãnh đạo: Giám đốc và các Phó Giám đốc</li><li>Văn phòng</li><li>Thanh tra</li><li>Các phòng chuyên môn, nghiệp vụ</li></ul>`
}

func docsMain(o org) string {
	return `<h2>Văn bản pháp quy</h2><table class="docs"><tr><th>Số hiệu</th><th>Ngày ban hành</th><th>Trích yếu</th></tr>
<tr><td>1520/QĐ-UBND</td><td>05/11/2025</td><td>Quyết định ban hành Quy chế bảo đảm an toàn thông tin mạng trong hoạt động của cơ quan nhà nước tỉnh An Bình</td></tr>
<tr><td>86/KH-` + html.EscapeString(o.Short) + `</td><td>20/10/2025</td><td>Kế hoạch chuyển đổi số năm 2026</td></tr>
<tr><td>45/BC-UBND</td><td>01/10/2025</td><td>Báo cáo kết quả cải cách hành chính quý III năm 2025</td></tr></table>`
}

func contactMain(o org) string {
	return `<h2>Liên hệ</h2><p>` + html.EscapeString(o.Name) + `</p><p>Địa chỉ: ` + html.EscapeString(o.Address) +
		`</p><p>Điện thoại: ` + o.Phone + `</p><form action="/lien-he/gui" method="post"><input name="ho_ten" placeholder="Họ và tên"><textarea name="noi_dung"></textarea><button>Gửi</button></form>`
}

// writeHTML sends an HTML page.
func writeHTML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
