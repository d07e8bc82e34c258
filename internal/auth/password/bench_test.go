package password

import (
	"strings"
	"testing"
)

func BenchmarkNewChecker(b *testing.B) {
	for b.Loop() {
		NewChecker(Default())
	}
}

func BenchmarkCheck(b *testing.B) {
	for _, tt := range []struct {
		name   string
		policy Policy
		pw     string
	}{
		{"default/typical", Default(), "Tr0ng-Đồng#Sông-Hồng"},
		{"default/max", Default(), strings.Repeat("Xk9#mQ2!aL", 26)[:256]},
		{"default/leet", Default(), strings.Repeat("@4$5013!|7+8({[<69%2Ab", 11)},
		{"floor/max-walk", Floor(), "A1!" + strings.Repeat("qwqw", 255) + "a"},
		{"floor/max-words", Floor(), "A1!" + strings.Repeat("anh", 340) + "a"},
	} {
		c := NewChecker(tt.policy)
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				c.Violations(tt.pw, "hungnv", "Nguyễn Văn Hùng")
			}
		})
	}
}
