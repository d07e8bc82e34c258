package analyze

import (
	"slices"
	"strings"
	"testing"
)

func TestScriptSigns(t *testing.T) {
	long := strings.Repeat(`\x61`, 41)
	tests := []struct {
		name, src string
		want      []SignKind
	}{
		{"packed", `eval(function(p,a,c,k,e,r){e=String;return p}('0',1,1,''.split('|'),0,{}))`, []SignKind{SignPackedScript}},
		{"packed spaced", "eval (function( p, a, c, k, e, d ) {return p})", []SignKind{SignPackedScript}},
		{"atob", `var s = atob("aHR0cHM6Ly9zcGFtLmV4YW1wbGU="); document.write(s);`, []SignKind{SignObfuscated}},
		{"unescape", `document.write(unescape("%3Ca%20href%3D"))`, []SignKind{SignObfuscated}},
		{"fromCharCode args", `var u = String.fromCharCode(104,116,116,112,115,58,47,47,120);`, []SignKind{SignObfuscated}},
		{"fromCharCode chain", `a=String.fromCharCode(104)+String.fromCharCode(116)+String.fromCharCode(116);`, []SignKind{SignObfuscated}},
		{"escape run", `var p = "` + long + `";`, []SignKind{SignObfuscated}},
		{"referrer redirect", `if (document.referrer.match(/google|bing|coccoc/i)) { top.location.replace("https://x.example") }`, []SignKind{SignReferrerRedirect}},
		{"referrer bracket", `var r=document['referrer'];if(r.indexOf('coccoc')>0){window.location='https://x.example'}`, []SignKind{SignReferrerRedirect}},
		// benign
		{"analytics reads referrer", `ga('send','pageview',{referrer: document.referrer, page: location.pathname})`, nil},
		{"short escapes", `var s = "\x3Cb\x3E"; var u = "\u0110\u1ea1i";`, nil},
		{"one fromCharCode", `String.fromCharCode(65)`, nil},
		{"jquery ready", `$(function(){ $('.slider').slick({autoplay:true}); });`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kindsOf(scriptSigns(tt.src, "h", "inline script"))
			if !slices.Equal(got, tt.want) {
				t.Errorf("signs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScriptHash(t *testing.T) {
	a := scriptHash("var t = 1732419125000;\n  var n = 'c29tZS1ub25jZS12YWx1ZS0yMDI2MTEyNA==';\nrun(t, n);")
	b := scriptHash("var t=1732496712000; var n='b3RoZXItbm9uY2UtdmFsdWUtMjAyNjExMjU=';  run(t,n);")
	if a != b {
		t.Error("timestamps, nonces and white space change the hash")
	}
	if scriptHash("run(a)") == scriptHash("run(b)") {
		t.Error("different code, same hash")
	}
}

func TestInlineScriptsAndHandlers(t *testing.T) {
	body := `<script type="application/ld+json">{"a":1}</script>
<script type="text/template"><div>{{x}}</div></script>
<script>   </script>
<script type="module">import x from "/x.js"</script>
<script>var a = 1;</script><script>var a   =   2;</script>
<img src="/x.png" onerror="eval(atob('ZG9jdW1lbnQud3JpdGUoKQ=='))">
<a href="javascript:eval(function(p,a,c,k,e,d){return p}('x'))">x</a>`
	s, err := Analyze(&Page{URL: portal, Status: 200, Body: []byte(body)}, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.InlineScripts) != 2 {
		t.Errorf("inline scripts = %v, want module and var a (twice, once after masking)", s.InlineScripts)
	}
	got := kindsOf(s.Signs)
	if !slices.Equal(got, []SignKind{SignObfuscated, SignPackedScript}) {
		t.Errorf("signs = %+v", s.Signs)
	}
	for _, sg := range s.Signs {
		if sg.Ref != "" {
			t.Errorf("attribute sign has a script ref: %+v", sg)
		}
	}
}
