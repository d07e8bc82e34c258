package password

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"attt/internal/errs"
)

// passphrase64 is a 64-character mixed Vietnamese passphrase.
const passphrase64 = "Sáng-mai-tôi-đạp-xe-qua-cầu-Long-Biên#ngắm-sông-Hồng-lúc-7h15!!!"

func rulesOf(vs []Violation) []Rule {
	rules := make([]Rule, len(vs))
	for i, v := range vs {
		rules[i] = v.Rule
	}
	return rules
}

// MustChecker returns a Checker for p.
func MustChecker(tb testing.TB, p Policy) *Checker {
	tb.Helper()
	c := NewChecker(p)
	if c == nil || len(c.lists.words) == 0 {
		tb.Fatal("checker has no word lists")
	}
	return c
}

func TestPassphraseIs64(t *testing.T) {
	if n := utf8.RuneCountInString(passphrase64); n != 64 {
		t.Fatalf("passphrase64 has %d runes, want 64", n)
	}
}

func TestRequiredRefusals(t *testing.T) {
	refused := []string{
		"Matkhau@123", "Hungyen@2024", "Admin@123", "P@ssw0rd1!", "Password1!",
		"Qwerty@123", "Vietnam@2025", "Anhyeuem@1", "Abc@12345", "Hanoi@2024!",
		"Nguyen@1990",
	}
	for _, name := range []string{"Default", "Floor"} {
		c := MustChecker(t, map[string]Policy{"Default": Default(), "Floor": Floor()}[name])
		for _, pw := range refused {
			t.Run(name+"/"+pw, func(t *testing.T) {
				rules := rulesOf(c.Violations(pw))
				if !slices.Contains(rules, RuleCommon) {
					t.Errorf("%q: rules %v, want %q among them", pw, rules, RuleCommon)
				}
			})
		}
	}
}

func TestRequiredAcceptances(t *testing.T) {
	tests := []struct {
		policy Policy
		pw     string
	}{
		{Default(), "Tr0ng-Đồng#Sông-Hồng"},
		{Default(), "kV9#mQ2!xL7@pZ"},
		{Default(), "Cây-Bàng-Già#1987-Phố"},
		{Default(), passphrase64},
		{Floor(), "Xk9#mQ"},
		{Floor(), "Tr0ng-Đồng#Sông-Hồng"},
		{Floor(), passphrase64},
	}
	for _, tt := range tests {
		t.Run(tt.pw, func(t *testing.T) {
			c := MustChecker(t, tt.policy)
			if vs := c.Violations(tt.pw, "hungnv", "Nguyễn Văn Hùng"); len(vs) != 0 {
				t.Errorf("%q refused: %v", tt.pw, vs)
			}
			if err := c.Check(tt.pw, "hungnv", "Nguyễn Văn Hùng"); err != nil {
				t.Errorf("%q: Check = %v", tt.pw, err)
			}
		})
	}
}

func TestEveryRule(t *testing.T) {
	c := MustChecker(t, Default())
	tests := []struct {
		pw       string
		personal []string
		want     Rule
		text     string // part of the Vietnamese text
	}{
		{"Ab1!xyz", nil, RuleMinLength, "Mật khẩu phải có ít nhất 10 ký tự (hiện có 7)."},
		{"Ab1!" + strings.Repeat("xQ9#", 64), nil, RuleMaxLength, "Mật khẩu không được dài quá 256 ký tự (hiện có 260)."},
		{"kv9#mq2!xl7@pz", nil, RuleUpper, "Mật khẩu phải có ít nhất một chữ in hoa."},
		{"KV9#MQ2!XL7@PZ", nil, RuleLower, "Mật khẩu phải có ít nhất một chữ thường."},
		{"kVq#mQw!xLr@pZ", nil, RuleDigit, "Mật khẩu phải có ít nhất một chữ số."},
		{"kV9ymQ2wxL7spZ", nil, RuleSpecial, "Mật khẩu phải có ít nhất một ký tự đặc biệt"},
		{"Matkhau@123", nil, RuleCommon, "Mật khẩu nằm trong danh sách mật khẩu phổ biến hoặc dễ đoán."},
		{"Hung@Secure2024x", []string{"hungnv", "Nguyễn Văn Hùng"}, RulePersonal, "Mật khẩu không được chứa tên đăng nhập hoặc họ tên của bạn."},
		{"Aaaaaaaa1!", nil, RuleWeak, "Mật khẩu quá dễ đoán (độ mạnh"},
		{"kV9#mQ2!\x00xL7@pZ", nil, RuleInvalidChar, "Mật khẩu chứa ký tự không hợp lệ"},
		{"kV9#mQ2!\xffxL7@pZ", nil, RuleInvalidChar, "Mật khẩu chứa ký tự không hợp lệ"},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			vs := c.Violations(tt.pw, tt.personal...)
			i := slices.IndexFunc(vs, func(v Violation) bool { return v.Rule == tt.want })
			if i < 0 {
				t.Fatalf("%q: rules %v, want %q", tt.pw, rulesOf(vs), tt.want)
			}
			if !strings.Contains(vs[i].Text.VI, tt.text) || vs[i].Text.EN == "" {
				t.Errorf("%q: text %q, want it to contain %q and have English", tt.pw, vs[i].Text, tt.text)
			}
			err := c.Check(tt.pw, tt.personal...)
			e, ok := err.(*errs.Error)
			if !ok || e.Code != errs.Invalid {
				t.Fatalf("Check = %#v, want *errs.Error code Invalid", err)
			}
			if len(e.Details) != len(vs) || e.Details[i] != vs[i].Text {
				t.Errorf("Details %v do not list every violation %v", e.Details, vs)
			}
			if !strings.Contains(e.Msg.VI, "Mật khẩu không được chấp nhận") || e.Msg.EN == "" {
				t.Errorf("Msg = %q", e.Msg)
			}
		})
	}
}

func TestAllFailedRulesListed(t *testing.T) {
	c := MustChecker(t, Default())
	got := rulesOf(c.Violations("hung", "hungnv", "Nguyễn Văn Hùng"))
	want := []Rule{RuleMinLength, RuleUpper, RuleDigit, RuleSpecial, RuleCommon, RulePersonal, RuleWeak}
	if !slices.Equal(got, want) {
		t.Errorf("rules = %v, want %v", got, want)
	}
	weak := c.Violations("Aaaaaaaa1!")
	if i := slices.IndexFunc(weak, func(v Violation) bool { return v.Rule == RuleWeak }); i < 0 ||
		!strings.Contains(weak[i].Text.VI, "cần tối thiểu 3/4") {
		t.Errorf("weak text = %v", weak)
	}
}

func TestPersonal(t *testing.T) {
	c := MustChecker(t, Default())
	tests := []struct {
		pw       string
		personal []string
		refused  bool
	}{
		{"Hung@Secure2024x", []string{"hungnv", "Nguyễn Văn Hùng"}, true},
		{"Hùng@Secure2024x", []string{"hungnv", "Nguyen Van Hung"}, true},
		{"kV9#hungnv!xL7", []string{"hungnv", "Nguyễn Văn Hùng"}, true},
		{"kV9#HUNGNV!xL7", []string{"hungnv"}, true},
		{"kV9#h0ngnh!xL7", []string{"hongnh", "Nguyễn Thị Hồng"}, true},
		{"kV9#ngUyễn!xL7", []string{"x", "Nguyễn Văn An"}, true},
		{"kV9#mQ2!xL7@pZ", []string{"hungnv", "Nguyễn Văn Hùng"}, false},
		// "Văn" and "An" are shorter than 3 or absent: only ≥3-letter words count.
		{"kV9#an!xL7@pZq", []string{"an", "Lê An"}, false},
		{"kV9#mQ2!xL7@pZ", []string{"hung.nv@hungyen.gov.vn"}, false},
		{"Xk9#hung.nv!pZ", []string{"hung.nv@hungyen.gov.vn"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.pw, func(t *testing.T) {
			got := slices.Contains(rulesOf(c.Violations(tt.pw, tt.personal...)), RulePersonal)
			if got != tt.refused {
				t.Errorf("personal refused = %v, want %v", got, tt.refused)
			}
		})
	}
}

func TestClasses(t *testing.T) {
	tests := []struct {
		pw   string
		want classes
	}{
		{"Đ", classes{upper: true}},
		{"Ấ", classes{upper: true}},
		{"đ", classes{lower: true}},
		{"ấ", classes{lower: true}},
		{"9", classes{digit: true}},
		{" ", classes{special: true}},
		{"-", classes{special: true}},
		{"€", classes{special: true}},
		{"\t", classes{invalid: true}},
		{"\u200b", classes{invalid: true}},
		{"a\u0301", classes{lower: true}},
	}
	for _, tt := range tests {
		if got := classify(tt.pw); got != tt.want {
			t.Errorf("classify(%q) = %+v, want %+v", tt.pw, got, tt.want)
		}
	}
}

func TestLengthCountsRunes(t *testing.T) {
	c := MustChecker(t, Floor())
	// Six characters, more than six bytes.
	if vs := c.Violations("Đồ9#ẤX"); slices.Contains(rulesOf(vs), RuleMinLength) {
		t.Errorf("6 Vietnamese characters counted as too short: %v", vs)
	}
	// Decomposed accents (NFD) count as composed characters.
	if vs := c.Violations("Đo\u0302\u03009#Xk"); slices.Contains(rulesOf(vs), RuleMinLength) {
		t.Errorf("NFD input counted wrongly: %v", vs)
	}
	if vs := c.Violations("Đồ9#Ấ"); !slices.Contains(rulesOf(vs), RuleMinLength) {
		t.Errorf("5 characters accepted: %v", vs)
	}
}

func TestPolicyCheckMatchesChecker(t *testing.T) {
	if err := Default().Check("Tr0ng-Đồng#Sông-Hồng", "hungnv"); err != nil {
		t.Errorf("Policy.Check = %v", err)
	}
	if !errs.Is(Default().Check("Matkhau@123"), errs.Invalid) {
		t.Error("Policy.Check accepted Matkhau@123")
	}
}
