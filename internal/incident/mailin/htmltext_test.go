package mailin

import "testing"

func TestHTMLText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<p>Một</p><p>Hai</p>", "Một\n\nHai"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"<div>  nhiều \n\t khoảng&nbsp;&nbsp;trắng </div>", "nhiều khoảng trắng"},
		{"<pre>  giữ\n    nguyên</pre>", "giữ\n    nguyên"},
		{`<a href="mailto:x@y.vn">x@y.vn</a> <a href="#top">lên</a> <a href="javascript:void(0)">js</a>`, "x@y.vn lên js"},
		{`<a href="https://a.vn/">https://a.vn/</a>`, "https://a.vn/"},
		{"<table><tr><td>IP</td><td>10.0.0.5</td></tr><tr><td>Cổng</td><td>443</td></tr></table>", "IP 10.0.0.5\nCổng 443"},
		{"<ol><li>một</li><li>hai</li></ol>", "- một\n- hai"},
		{"<head><title>t</title></head><body><noscript>n</noscript><template>x</template>ok<hr>end</body>", "ok\n----\nend"},
		{"&lt;script&gt; là chữ", "<script> là chữ"},
	}
	for _, c := range cases {
		if got := htmlText(c.in); got != c.want {
			t.Errorf("htmlText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
