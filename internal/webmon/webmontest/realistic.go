package webmontest

import (
	"fmt"
	"hash/fnv"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// realisticVariants is how many distinct page bodies the realistic sites
// share. Each site has its own header and footer around one of them, so
// thousands of sites cost a few megabytes, not hundreds.
const realisticVariants = 24

// realistic serves many portals from one server, one per path prefix
// /s/{id}/.
type realistic struct {
	srv    *httptest.Server
	bodies [][]byte
}

// Realistic returns the home pages of n distinct realistic portals
// (http://127.0.0.1:port/s/{id}/, id from 0), each 60–120 KB of Vietnamese
// government portal HTML, stable from one request to the next. They share
// one server, so they share one host:port: a benchmark should raise the
// fetcher's per-host bound accordingly. Links inside are relative and stay
// under the portal's prefix; every /s/{id}/{name}.html is an article page
// of the same weight. The same n gives the same URLs in a test.
func (s *Sites) Realistic(n int) []string {
	s.realOnce.Do(func() {
		s.real = &realistic{bodies: make([][]byte, realisticVariants)}
		for v := range s.real.bodies {
			s.real.bodies[v] = realisticBody(v, 58<<10+v*(54<<10)/realisticVariants)
		}
		s.real.srv = httptest.NewServer(http.HandlerFunc(s.real.serve))
		s.tb.Cleanup(s.real.srv.Close)
	})
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s/s/%d/", s.real.srv.URL, i)
	}
	return out
}

func (rs *realistic) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/s/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	idStr, name, _ := strings.Cut(rest, "/")
	id, err := strconv.Atoi(idStr)
	if err != nil || id < 0 || (name != "" && !strings.HasSuffix(name, ".html")) {
		http.NotFound(w, r)
		return
	}
	o := realisticOrg(id)
	v, title := id%realisticVariants, "Trang chủ - "+o.Name
	if name != "" {
		h := fnv.New32a()
		h.Write([]byte(name))
		v = (id + int(h.Sum32())) % realisticVariants
		title = strings.TrimSuffix(name, ".html") + " - " + o.Name
	}
	head, foot := realisticFrame(o, title, id)
	body := rs.bodies[v]
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(body)+len(foot)))
	_, _ = w.Write(head)
	_, _ = w.Write(body)
	_, _ = w.Write(foot)
}

var (
	realDepts = []string{"Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Công Thương",
		"Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng", "Sở Tài nguyên và Môi trường",
		"Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch",
		"Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Thanh tra tỉnh", "Ban Dân tộc",
		"Văn phòng UBND tỉnh", "Ban Quản lý các khu công nghiệp", "Đài Phát thanh và Truyền hình"}
	realDistricts = []string{"Bình Sơn", "Tân Lập", "Hòa Phú", "Đông Thành", "Long Hải", "Phú Mỹ", "Thạch An", "Quỳnh Lâm", "Yên Hưng", "Cẩm Lý"}
	realCommunes  = []string{"An Phú", "Tân Hòa", "Bình Minh", "Đồng Tâm", "Hợp Thành", "Nghĩa Lộ", "Phước Long", "Quang Trung",
		"Thanh Xuân", "Vĩnh Hưng", "Hải Đông", "Kim Sơn", "Lạc Thủy", "Mỹ Lộc", "Ngọc Lặc", "Phù Cừ", "Sơn Tịnh", "Trà Lĩnh"}
)

// realisticOrg names portal id: the province's departments, then
// districts, then communes.
func realisticOrg(id int) org {
	var name, short string
	switch {
	case id < len(realDepts):
		short = realDepts[id]
		name = short + " tỉnh An Bình"
	case id < len(realDepts)+len(realDistricts):
		short = "UBND huyện " + realDistricts[id-len(realDepts)]
		name = "Ủy ban nhân dân huyện " + realDistricts[id-len(realDepts)]
	default:
		k := id - len(realDepts) - len(realDistricts)
		c, d := realCommunes[k%len(realCommunes)], realDistricts[(k/len(realCommunes))%len(realDistricts)]
		short = "UBND xã " + c
		name = fmt.Sprintf("Ủy ban nhân dân xã %s, huyện %s", c, d)
	}
	return org{Name: name, Short: short, Domain: fmt.Sprintf("cong%d.anbinh.gov.vn", id),
		Address: fmt.Sprintf("Số %d đường Trần Phú, thành phố An Bình", 1+id%200), Phone: fmt.Sprintf("0213 38%05d", id%100000)}
}

// realisticFrame is the per-portal part of a page: head, banner and menu
// before the shared body, sidebar and footer after it.
func realisticFrame(o org, title string, id int) (head, foot []byte) {
	name := html.EscapeString(o.Name)
	p := fmt.Sprintf("/s/%d/", id)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title><meta name="description" content="Cổng thông tin điện tử %s">
<link rel="stylesheet" href="%scss/style.css"><link rel="stylesheet" href="%scss/menu.css">
%s
</head><body><div class="wrap">
<header><div class="top-bar"><span class="today">%s</span> <a href="%slien-he.html">Liên hệ</a> | <a href="%sso-do-cong.html">Sơ đồ cổng</a></div>
<div class="banner"><img src="%simages/quoc-huy.png" alt="Quốc huy" width="80" height="80"><p>ỦY BAN NHÂN DÂN TỈNH AN BÌNH</p><h1>%s</h1></div>
<nav class="main-menu"><ul>
<li><a href="%s">Trang chủ</a></li><li><a href="%sgioi-thieu.html">Giới thiệu</a></li><li><a href="%stin-tuc.html">Tin tức - Sự kiện</a></li>
<li><a href="%sthong-bao.html">Thông báo</a></li><li><a href="%svan-ban.html">Văn bản</a></li><li><a href="%sthu-tuc-hanh-chinh.html">Thủ tục hành chính</a></li>
<li><a href="%shoi-dap.html">Hỏi đáp</a></li><li><a href="https://dichvucong.gov.vn/">Dịch vụ công</a></li><li><a href="%slien-he.html">Liên hệ</a></li>
</ul></nav></header>
<div class="content"><main>
`, html.EscapeString(title), name, p, p, style, staticClock, p, p, p, name, p, p, p, p, p, p, p, p)
	head = []byte(b.String())
	b.Reset()
	fmt.Fprintf(&b, `
</main>
<aside><h3>Liên kết website</h3><ul class="links"><li><a href="https://chinhphu.gov.vn/">Cổng thông tin điện tử Chính phủ</a></li>
<li><a href="https://mic.gov.vn/">Bộ Thông tin và Truyền thông</a></li><li><a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công quốc gia</a></li></ul>
<h3>Thống kê truy cập</h3><div class="counter">%s</div></aside></div>
<footer><p><strong>Cổng thông tin điện tử %s</strong></p>
<p>Cơ quan chủ quản: %s. Địa chỉ: %s. Điện thoại: %s. Email: vanphong@%s</p>
<p>Ghi rõ nguồn "Cổng thông tin điện tử %s" khi phát hành lại thông tin từ website này.</p></footer>
</div>
%s
</body></html>
`, staticCounter, name, name, html.EscapeString(o.Address), o.Phone, o.Domain, name, menuScript)
	return head, []byte(b.String())
}

// Vocabulary of the generated news.
var (
	realSubjects = []string{"UBND tỉnh", "Sở Nội vụ", "Ban Chỉ đạo chuyển đổi số tỉnh", "HĐND huyện", "Ủy ban MTTQ Việt Nam tỉnh",
		"Công an tỉnh", "Liên đoàn Lao động tỉnh", "Hội Nông dân tỉnh", "Tỉnh đoàn", "UBND thành phố An Bình", "Sở Y tế", "Sở Giáo dục và Đào tạo"}
	realActions = []string{"tổ chức hội nghị", "triển khai kế hoạch", "kiểm tra công tác", "sơ kết", "tổng kết", "phát động phong trào",
		"ban hành hướng dẫn về", "đẩy mạnh", "tăng cường", "công bố quyết định về", "tập huấn nghiệp vụ", "làm việc với các đơn vị về"}
	realObjects = []string{"cải cách hành chính năm 2025", "chuyển đổi số cấp xã", "bảo đảm an toàn thông tin mạng", "phòng, chống thiên tai",
		"xây dựng nông thôn mới nâng cao", "giải quyết thủ tục hành chính trực tuyến", "phòng cháy, chữa cháy", "phổ biến, giáo dục pháp luật",
		"chăm lo Tết cho hộ nghèo", "phát triển kinh tế tập thể", "thu ngân sách nhà nước", "giảm nghèo bền vững", "bảo đảm trật tự an toàn giao thông",
		"tiếp công dân và giải quyết khiếu nại", "bảo vệ môi trường lưu vực sông", "chi trả chính sách bảo trợ xã hội"}
	realGoals = []string{"nâng cao chất lượng phục vụ người dân và doanh nghiệp", "hoàn thành các chỉ tiêu kinh tế - xã hội năm 2025",
		"bảo đảm an ninh chính trị, trật tự an toàn xã hội", "rút ngắn thời gian giải quyết hồ sơ", "tạo chuyển biến rõ nét trong nhận thức của cán bộ, công chức",
		"phát huy vai trò giám sát của Nhân dân", "thúc đẩy tăng trưởng kinh tế địa phương"}
	realDocKinds = []string{"QĐ-UBND", "KH-UBND", "CV-UBND", "TB-UBND", "BC-UBND", "CT-UBND", "HD-SNV"}
)

// realisticBody generates shared page content of about size bytes: news,
// a documents table and administrative procedures, with relative links.
func realisticBody(variant, size int) []byte {
	rng := rand.New(rand.NewPCG(uint64(variant)+1, 0x5eed))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	sentence := func() string {
		return fmt.Sprintf("%s %s %s, nhằm %s.", pick(realSubjects), pick(realActions), pick(realObjects), pick(realGoals))
	}
	date := func() string { return fmt.Sprintf("%02d/%02d/2025", 1+rng.IntN(28), 1+rng.IntN(12)) }
	var b strings.Builder
	b.Grow(size + 4<<10)
	b.WriteString(`<section class="hot"><h2>Tin nổi bật</h2>`)
	for k := 0; b.Len() < size*6/10; k++ {
		if k == 5 {
			b.WriteString("</section>\n<section class=\"news\"><h2>Tin tức - Sự kiện</h2>")
		}
		obj := pick(realObjects)
		fmt.Fprintf(&b, `
<div class="news-item"><a href="bai-viet-%d-%d.html"><img src="images/tin-%d.jpg" alt="%s" width="180" height="120"></a>
<h3><a href="bai-viet-%d-%d.html">%s %s %s</a></h3><span class="date">(%s)</span>
<p>%s %s</p></div>`, variant, k, k, html.EscapeString(obj), variant, k, pick(realSubjects), pick(realActions), html.EscapeString(obj),
			date(), html.EscapeString(sentence()), html.EscapeString(sentence()))
	}
	b.WriteString("</section>\n<section class=\"docs\"><h2>Văn bản mới</h2><table><tr><th>Số hiệu</th><th>Ngày ban hành</th><th>Trích yếu</th></tr>")
	for k := 0; b.Len() < size*85/100; k++ {
		fmt.Fprintf(&b, "\n<tr><td><a href=\"van-ban-%d-%d.html\">%d/%s</a></td><td>%s</td><td>Về việc %s</td></tr>",
			variant, k, 100+rng.IntN(2900), pick(realDocKinds), date(), html.EscapeString(pick(realObjects)))
	}
	b.WriteString("</table></section>\n<section class=\"tthc\"><h2>Thủ tục hành chính</h2><ol>")
	for k := 0; b.Len() < size; k++ {
		fmt.Fprintf(&b, "\n<li><a href=\"thu-tuc-%d-%d.html\">Thủ tục %s</a> — mức độ %d, thời hạn giải quyết %d ngày làm việc.</li>",
			variant, k, html.EscapeString(pick(realObjects)), 3+rng.IntN(2), 1+rng.IntN(20))
	}
	b.WriteString("</ol></section>")
	return []byte(b.String())
}
