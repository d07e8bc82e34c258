package webmon_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// portal renders a realistic Vietnamese government portal page.
func portal(title, body string, extraHead string) string {
	return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>` + title + `</title>
<link rel="stylesheet" href="/static/site.css">` + extraHead + `</head><body>
<header><h1>Cổng thông tin điện tử Sở Khoa học và Công nghệ tỉnh Hưng Yên</h1>
<nav><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a> <a href="/tin-tuc">Tin tức</a> <a href="/van-ban">Văn bản</a></nav></header>
<main>` + body + `</main>
<footer><p>Cơ quan chủ quản: Sở Khoa học và Công nghệ tỉnh Hưng Yên. Địa chỉ: 437 Nguyễn Văn Linh, TP Hưng Yên.</p>
<p><a href="https://chinhphu.gov.vn">Cổng thông tin Chính phủ</a></p></footer></body></html>`
}

const news = `<section><h2>Tin tức - Sự kiện</h2>
<article><h3>Hội nghị triển khai nhiệm vụ khoa học năm 2026</h3><p>Sáng nay, Sở tổ chức hội nghị triển khai các nhiệm vụ khoa học và công nghệ cấp tỉnh.</p></article>
<article><h3>Tập huấn an toàn thông tin cho cán bộ chuyên trách</h3><p>Lớp tập huấn giúp cán bộ nắm vững quy chế đảm bảo an toàn thông tin của tỉnh.</p></article>
</section>`

// site is one fixture web site.
type site struct {
	*httptest.Server
	mode atomic.Value // string, read by the handler
}

func (s *site) set(mode string) { s.mode.Store(mode) }
func (s *site) get() string     { v, _ := s.mode.Load().(string); return v }

func newSite(tb testing.TB, handler func(s *site, w http.ResponseWriter, r *http.Request)) *site {
	s := &site{}
	s.set("")
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler(s, w, r) }))
	tb.Cleanup(s.Close)
	return s
}

func html(w http.ResponseWriter, status int, page string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, page)
}

// standard serves the home page body on "/", a small sitemap and two
// sub-pages; sub overrides the body of /tin-tuc.
func standard(home, sub string) func(s *site, w http.ResponseWriter, r *http.Request) {
	return func(s *site, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			html(w, 200, portal("Trang chủ - Sở KH&CN Hưng Yên", home, ""))
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>%s://%s/</loc></url><url><loc>%s://%s/tin-tuc</loc></url></urlset>`, scheme, r.Host, scheme, r.Host)
		case "/tin-tuc":
			html(w, 200, portal("Tin tức", sub, ""))
		case "/gioi-thieu", "/van-ban":
			html(w, 200, portal("Giới thiệu", "<p>Sở Khoa học và Công nghệ là cơ quan chuyên môn thuộc UBND tỉnh.</p>", ""))
		default:
			http.NotFound(w, r)
		}
	}
}

func cleanSite(tb testing.TB) *site { return newSite(tb, standard(news, news)) }

// timestampSite changes its date, clock and visitor counter on every request.
func timestampSite(tb testing.TB) *site {
	var visits atomic.Int64
	visits.Store(123456)
	return newSite(tb, func(s *site, w http.ResponseWriter, r *http.Request) {
		n := visits.Add(17)
		now := time.Now().Add(time.Duration(n) * time.Minute)
		body := fmt.Sprintf(`<p class="date">Hôm nay: Thứ Hai, %s %s</p>%s<p>Lượt truy cập: %d — Đang trực tuyến: %d</p>`,
			now.Format("02/01/2006"), now.Format("15:04:05"), news, n, n%97)
		standard(body, news)(s, w, r)
	})
}

// defaceableSite turns into a "Hacked by" page when set to "defaced", or
// publishes a new article when set to "news".
func defaceableSite(tb testing.TB) *site {
	return newSite(tb, func(s *site, w http.ResponseWriter, r *http.Request) {
		switch s.get() {
		case "defaced":
			if r.URL.Path == "/" {
				html(w, 200, `<html><head><title>Hacked by DarkGhost</title></head><body style="background:black"><h1>Hacked by DarkGhost</h1><p>Your security is low</p></body></html>`)
				return
			}
		case "news":
			standard(`<section><h2>Tin mới</h2><article><h3>Công bố kết quả đề tài khoa học cấp tỉnh</h3><p>Hội đồng đã nghiệm thu 12 đề tài.</p></article></section>`+news, news)(s, w, r)
			return
		}
		standard(news, news)(s, w, r)
	})
}

// gamblingSubpageSite is clean at home but hides betting links on /tin-tuc.
func gamblingSubpageSite(tb testing.TB) *site {
	spam := news + `<div style="display:none"><a href="https://nhacai-uytin.bet/">nhà cái uy tín</a> <a href="https://nohu88.club/">nổ hũ đổi thưởng</a> <a href="https://taixiu.win/">tài xỉu online</a></div>`
	return newSite(tb, standard(news, spam))
}

// cloakingSite shows spam to Googlebot and redirects Google visitors.
func cloakingSite(tb testing.TB) *site {
	return newSite(tb, func(s *site, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" && strings.Contains(r.UserAgent(), "Googlebot") {
			html(w, 200, portal("Nhà cái uy tín - cá cược bóng đá", `<h2>Nhà cái uy tín nhất 2026</h2><p>Cá cược bóng đá, casino trực tuyến, nổ hũ, bắn cá đổi thưởng. Đăng ký nhận thưởng 100k tại <a href="https://w88vn.bet/">W88</a>.</p>`, ""))
			return
		}
		if r.URL.Path == "/" && strings.Contains(r.Referer(), "google.") {
			html(w, 200, `<html><head><meta http-equiv="refresh" content="0;url=https://fb88-vn.bet/"></head><body></body></html>`)
			return
		}
		standard(news, news)(s, w, r)
	})
}

// packedScriptSite carries an injected packed script.
func packedScriptSite(tb testing.TB) *site {
	inj := news + `<script>eval(function(p,a,c,k,e,r){e=String;if(!''.replace(/^/,String)){while(c--)r[c]=k[c]||c;k=[function(e){return r[e]}];e=function(){return'\\w+'};c=1};while(c--)if(k[c])p=p.replace(new RegExp('\\b'+e(c)+'\\b','g'),k[c]);return p}('0.1("2")',3,3,'document|write|x'.split('|'),0,{}))</script>`
	return newSite(tb, standard(inj, news))
}

// downSite answers 503 while set to "down".
func downSite(tb testing.TB) *site {
	return newSite(tb, func(s *site, w http.ResponseWriter, r *http.Request) {
		if s.get() == "down" {
			http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
			return
		}
		standard(news, news)(s, w, r)
	})
}

// expiringTLSSite serves HTTPS with a certificate valid five more days,
// issued by a test CA whose pool is returned.
func expiringTLSSite(tb testing.TB) (*httptest.Server, *x509.CertPool) {
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "attt test CA"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(365 * 24 * time.Hour), IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		tb.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(5*24*time.Hour + time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { standard(news, news)(nil, w, r) }))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.StartTLS()
	tb.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return srv, pool
}
