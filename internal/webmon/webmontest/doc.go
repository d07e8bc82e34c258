// Package webmontest runs the fixture web sites every website-monitoring
// test checks against (S6): real HTTP(S) servers on loopback serving
// Vietnamese government portals of a fictional province, "tỉnh An Bình" —
// banner, menu, news list, links to gov.vn sites, a visitor counter, the
// date, and a footer "Cổng thông tin điện tử …". Every portal also serves
// robots.txt (with a "Sitemap:" line), /sitemap.xml (an index of
// /sitemap-pages.xml and /sitemap-news.xml), /gioi-thieu/, /tin-tuc/,
// /van-ban/, /lien-he/ and news articles under /tin-tuc/{slug}.html.
//
// Start(tb) starts one server per site (distinct host:port, so they are
// distinct sites to a fetcher), stopped when the test ends:
//
//   - Clean: stable content; nothing changes between requests.
//   - Timestamp: the header date and clock ("Thứ Ba, ngày 25/11/2025 |
//     14:03:27") and the visitor counter change on every request; a monitor
//     must not alert on it.
//   - Defaced: clean until Sites.Deface(), then its home page is a
//     "Hacked by VN_Gh0st Team" page (new title, text, an image and audio
//     from foreign domains); Sites.Restore() puts the portal back.
//   - GamblingSubpage: the home page is clean; the article
//     Sites.InfectedPage, linked only from the home page's news list and
//     from the sitemap, carries a display:none block of links to
//     nha-cai-uy-tin.bet and others ("nhà cái uy tín", "nổ hũ", "tài xỉu").
//   - Cloaking: Googlebot (User-Agent containing "Googlebot") gets a
//     gambling spam page; a visitor with a Google Referer gets a meta
//     refresh and a script redirect to nhacai88.bet; browsers and phones
//     get the normal portal. Sitemaps and robots.txt are not cloaked.
//   - PackedScript: every page carries an injected
//     eval(function(p,a,c,k,e,r){…}) script that writes a hidden casino
//     link.
//   - ExpiringCert: HTTPS (HTTP/2) with a certificate for 127.0.0.1, ::1
//     and localhost valid five more days (and an hour, so whole days left
//     count 5), issued by a test CA whose pool is Sites.RootCAs(); the
//     content is clean.
//   - Down: answers 503 on every path from the start; Sites.Recover()
//     makes it serve a clean portal, Sites.GoDown() breaks it again.
//
// Sites.Realistic(n) starts (once) a further server with n realistic
// portals of 60–120 KB each, distinguished by path prefix, for throughput
// benchmarks. CA issues more certificates for HTTPS tests of other
// packages.
package webmontest
