package webmontest

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// orgs are the agencies of the fixture portals, in Sites order.
var orgs = []org{
	{Name: "Sở Nội vụ tỉnh An Bình", Short: "Sở Nội vụ", Domain: "snv.anbinh.gov.vn", Address: "Số 12 đường Trần Hưng Đạo, phường Quang Trung, thành phố An Bình", Phone: "0213 3852 101"},
	{Name: "Sở Tư pháp tỉnh An Bình", Short: "Sở Tư pháp", Domain: "stp.anbinh.gov.vn", Address: "Số 8 đường Lê Lợi, phường Hợp Thành, thành phố An Bình", Phone: "0213 3852 212"},
	{Name: "Sở Tài chính tỉnh An Bình", Short: "Sở Tài chính", Domain: "stc.anbinh.gov.vn", Address: "Số 25 đường Nguyễn Trãi, phường Đồng Tâm, thành phố An Bình", Phone: "0213 3852 323"},
	{Name: "Sở Giáo dục và Đào tạo tỉnh An Bình", Short: "Sở Giáo dục và Đào tạo", Domain: "sgddt.anbinh.gov.vn", Address: "Số 3 đường Hùng Vương, phường Tân Hòa, thành phố An Bình", Phone: "0213 3852 434"},
	{Name: "Sở Y tế tỉnh An Bình", Short: "Sở Y tế", Domain: "syt.anbinh.gov.vn", Address: "Số 40 đường Phan Đình Phùng, phường Quang Trung, thành phố An Bình", Phone: "0213 3852 545"},
	{Name: "Sở Giao thông vận tải tỉnh An Bình", Short: "Sở Giao thông vận tải", Domain: "sgtvt.anbinh.gov.vn", Address: "Số 17 đường Võ Nguyên Giáp, phường Bình Minh, thành phố An Bình", Phone: "0213 3852 656"},
	{Name: "Sở Thông tin và Truyền thông tỉnh An Bình", Short: "Sở Thông tin và Truyền thông", Domain: "stttt.anbinh.gov.vn", Address: "Số 6 đường Hoàng Văn Thụ, phường Hợp Thành, thành phố An Bình", Phone: "0213 3852 767"},
	{Name: "Ủy ban nhân dân huyện Bình Sơn", Short: "UBND huyện Bình Sơn", Domain: "binhson.anbinh.gov.vn", Address: "Thị trấn Bình Sơn, huyện Bình Sơn, tỉnh An Bình", Phone: "0213 3861 100"},
}

// weekdays are Vietnamese day names, Sunday first as time.Weekday counts.
var weekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// timestampBehavior changes the header clock and the visitor counter on
// every request, as most portals do; a monitor must not alert on it.
func timestampBehavior() behavior {
	var n atomic.Int64
	n.Store(1_234_567)
	var online atomic.Int64
	return behavior{
		clock: func() string {
			// A second per request on top of the wall clock, so two
			// fetches in the same second still differ.
			t := time.Now().Add(time.Duration(online.Add(1)) * time.Second)
			return fmt.Sprintf("%s, ngày %s | %s", weekdays[t.Weekday()], t.Format("02/01/2006"), t.Format("15:04:05"))
		},
		counter: func() string {
			v := n.Add(7)
			return fmt.Sprintf(`<p>Đang truy cập: %d</p><p>Hôm nay: %s</p><p>Tổng lượt truy cập: %s</p>`,
				10+v%53, dotted(v%5000), dotted(v))
		},
	}
}

// dotted writes n with Vietnamese thousands separators: 1.234.567.
func dotted(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// infectedSlug is GamblingSubpage's article carrying hidden betting links.
const infectedSlug = "hoi-thao-phat-trien-du-lich-cong-dong"

// hiddenSpam is the injected block: invisible to visitors, read by
// search engines.
const hiddenSpam = `
<div style="display:none"><a href="https://nha-cai-uy-tin.bet/">nhà cái uy tín</a> <a href="https://nha-cai-uy-tin.bet/no-hu">nổ hũ đổi thưởng</a> <a href="https://taixiu-online.win/">tài xỉu online</a> <a href="https://cacuoc88.club/">cá cược bóng đá</a> <a href="https://banca-doithuong.vip/">bắn cá đổi thưởng</a></div>`

// gamblingBehavior adds an article, linked from the home page only (and
// the sitemap), whose body hides betting links.
func gamblingBehavior() behavior {
	arts := append([]article{{
		Slug: infectedSlug, Title: "Hội thảo phát triển du lịch cộng đồng gắn với giáo dục trải nghiệm", Date: "21/11/2025",
		Summary:  "%s phối hợp tổ chức hội thảo phát triển du lịch cộng đồng gắn với hoạt động giáo dục trải nghiệm cho học sinh.",
		Body:     []string{"Hội thảo thu hút hơn 150 đại biểu là cán bộ quản lý giáo dục, giáo viên và đại diện các doanh nghiệp du lịch trên địa bàn tỉnh."},
		HomeOnly: true,
	}}, articles...)
	return behavior{articles: arts, extra: map[string]string{infectedSlug: hiddenSpam}}
}

// defacedOverride serves the "Hacked by" page at home once Deface is
// called; the sub-pages stay intact, as when index.html is replaced.
func (s *Sites) defacedOverride(w http.ResponseWriter, r *http.Request) bool {
	if !s.defaced.Load() || (r.URL.Path != "/" && r.URL.Path != "/index.html") {
		return false
	}
	writeHTML(w, http.StatusOK, []byte(defacedPage))
	return true
}

const defacedPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Hacked by VN_Gh0st Team</title>
<style>body{background:#000;color:#0f0;text-align:center;font-family:monospace}</style></head>
<body>
<img src="https://i.imgur.com/h4ck3d0wn.gif" alt="">
<h1>Hacked by VN_Gh0st Team</h1>
<p>Your security is low! Website của bạn đã bị chiếm quyền điều khiển.</p>
<p>Greetz: z3r0_byte - Anonymous_VN - ./r00t</p>
<p>Contact: t.me/vngh0st</p>
<audio autoplay loop src="https://files.catbox.moe/gh0st.mp3"></audio>
</body></html>
`

// cloakingOverride shows gambling spam to Googlebot and sends visitors
// coming from Google to a betting site, on every page; others (browser,
// phone) get the normal portal.
func cloakingOverride(w http.ResponseWriter, r *http.Request) bool {
	if strings.HasSuffix(r.URL.Path, ".xml") || r.URL.Path == "/robots.txt" {
		return false
	}
	switch {
	case strings.Contains(r.UserAgent(), "Googlebot"):
		writeHTML(w, http.StatusOK, renderPortal(orgs[4], page{
			Title: "Nhà cái uy tín 2025 - Cá cược bóng đá, nổ hũ, tài xỉu đổi thưởng", Clock: staticClock, Counter: staticCounter,
			Main: `<h2>Top nhà cái uy tín nhất Việt Nam</h2>
<p>Cá cược bóng đá, casino trực tuyến, nổ hũ, bắn cá, tài xỉu, xóc đĩa đổi thưởng. Đăng ký nhận ngay 100K tại <a href="https://nha-cai-uy-tin.bet/">nhà cái uy tín</a>.</p>
<p>Soi kèo hôm nay, lô đề online, game bài đổi thưởng uy tín: <a href="https://w88vn.bet/">W88</a>, <a href="https://fb88-vn.bet/">FB88</a>.</p>`,
		}))
		return true
	case strings.Contains(r.Referer(), "google."):
		writeHTML(w, http.StatusOK, []byte(cloakRedirect))
		return true
	}
	return false
}

const cloakRedirect = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Đang chuyển hướng...</title>
<meta http-equiv="refresh" content="0;url=https://nhacai88.bet/?src=gov">
<script>window.location.replace("https://nhacai88.bet/?src=gov");</script>
</head><body><p>Đang chuyển hướng...</p></body></html>
`

// packedScript is an injected Dean Edwards-packed script that, unpacked,
// appends a hidden casino link to the page.
const packedScript = `<script type="text/javascript">eval(function(p,a,c,k,e,r){e=function(c){return c.toString(a)};if(!''.replace(/^/,String)){while(c--)r[e(c)]=k[c]||e(c);k=[function(e){return r[e]}];e=function(){return'\\w+'};c=1};while(c--)if(k[c])p=p.replace(new RegExp('\\b'+e(c)+'\\b','g'),k[c]);return p}('0 1=2.3("4");1.5.6="7";1.8=\'<a 9="a://b.c/">d</a>\';2.e.f(1);',16,16,'var|d|document|createElement|div|style|display|none|innerHTML|href|https|nha-cai-uy-tin|bet|casino|body|appendChild'.split('|'),0,{}))</script>`

// downOverride answers 503 on every path while Down is down.
func (s *Sites) downOverride(w http.ResponseWriter, r *http.Request) bool {
	if !s.down.Load() {
		return false
	}
	w.Header().Set("Retry-After", "120")
	writeHTML(w, http.StatusServiceUnavailable, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>503 Service Unavailable</title></head>
<body><h1>Service Unavailable</h1><p>Hệ thống đang bảo trì, vui lòng quay lại sau.</p></body></html>`))
	return true
}
