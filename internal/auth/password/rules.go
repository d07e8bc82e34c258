package password

import "attt/internal/locale"

// Rule is the stable code of one password rule, for callers and tests; people
// read the Violation's Text instead.
type Rule string

// The rules a password can fail.
const (
	RuleMinLength   Rule = "min_length"
	RuleMaxLength   Rule = "max_length"
	RuleUpper       Rule = "upper"
	RuleLower       Rule = "lower"
	RuleDigit       Rule = "digit"
	RuleSpecial     Rule = "special"
	RuleCommon      Rule = "common"
	RulePersonal    Rule = "personal"
	RuleWeak        Rule = "weak"
	RuleInvalidChar Rule = "invalid_char"
)

// Violation is one failed rule and the sentence that tells the person what to
// change.
type Violation struct {
	Rule Rule
	Text locale.Text
}

// msgRefused is the message of the error Check returns; the violations follow
// as its details.
func msgRefused() locale.Text {
	return locale.T("Mật khẩu không được chấp nhận vì chưa đạt các yêu cầu sau.",
		"The password was refused because it breaks these rules.")
}

func violMinLength(want, have int) Violation {
	return Violation{RuleMinLength, locale.Tf(
		"Mật khẩu phải có ít nhất %d ký tự (hiện có %d).",
		"The password must be at least %d characters long (it has %d).", want, have)}
}

func violMaxLength(want, have int) Violation {
	return Violation{RuleMaxLength, locale.Tf(
		"Mật khẩu không được dài quá %d ký tự (hiện có %d).",
		"The password must be at most %d characters long (it has %d).", want, have)}
}

func violUpper() Violation {
	return Violation{RuleUpper, locale.T(
		"Mật khẩu phải có ít nhất một chữ in hoa.",
		"The password must contain at least one upper-case letter.")}
}

func violLower() Violation {
	return Violation{RuleLower, locale.T(
		"Mật khẩu phải có ít nhất một chữ thường.",
		"The password must contain at least one lower-case letter.")}
}

func violDigit() Violation {
	return Violation{RuleDigit, locale.T(
		"Mật khẩu phải có ít nhất một chữ số.",
		"The password must contain at least one digit.")}
}

func violSpecial() Violation {
	return Violation{RuleSpecial, locale.T(
		"Mật khẩu phải có ít nhất một ký tự đặc biệt (ví dụ ! @ # $ % - _ hoặc dấu cách).",
		"The password must contain at least one special character (such as ! @ # $ % - _ or a space).")}
}

func violCommon() Violation {
	return Violation{RuleCommon, locale.T(
		"Mật khẩu nằm trong danh sách mật khẩu phổ biến hoặc dễ đoán.",
		"The password is a common or easily guessed password.")}
}

func violPersonal() Violation {
	return Violation{RulePersonal, locale.T(
		"Mật khẩu không được chứa tên đăng nhập hoặc họ tên của bạn.",
		"The password must not contain your login or your name.")}
}

func violWeak(score, want int) Violation {
	return Violation{RuleWeak, locale.Tf(
		"Mật khẩu quá dễ đoán (độ mạnh %d/4, cần tối thiểu %d/4).",
		"The password is too easy to guess (strength %d/4, at least %d/4 needed).", score, want)}
}

func violInvalidChar() Violation {
	return Violation{RuleInvalidChar, locale.T(
		"Mật khẩu chứa ký tự không hợp lệ (ký tự điều khiển hoặc ký tự ẩn).",
		"The password contains an invalid character (a control or invisible character).")}
}
