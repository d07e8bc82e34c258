package locale

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Hưng Yên":                "hung yen",
		"TẤN CÔNG DDoS":           "tan cong ddos",
		"Đăng nhập trái phép":     "dang nhap trai phep",
		norm.NFD.String("Mã độc"): "ma doc",
		"plain ascii 123":         "plain ascii 123",
		"Nguyễn Văn Hùng":         "nguyen van hung",
		"Mo\u0302\u0323t":         "mot",
		"P@ssw0rd":                "p@ssw0rd",
		"Quảng Ngãi Ỷ ỹ ơ ư":      "quang ngai y y o u",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
