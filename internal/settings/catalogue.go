package settings

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"attt/internal/config"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// Kind is the type of a setting's value, which decides how it is read,
// checked and offered in a form.
type Kind string

// The kinds of settings.
const (
	// KindInt is a whole number between Min and Max.
	KindInt Kind = "int"
	// KindDuration is a length of time between MinDur and MaxDur, written
	// "90s", "15m", "2h" or "730d".
	KindDuration Kind = "duration"
	// KindRoles is a comma-separated list of role names (may be empty).
	KindRoles Kind = "roles"
)

// Def describes one setting an administrator may change while attt runs.
// Its key is the configuration's key (file, ATTT_ environment variable,
// flag), so the configuration gives its default.
type Def struct {
	Key   string
	Kind  Kind
	Label locale.Text
	Help  locale.Text
	// Min and Max bound a KindInt setting; MinDur and MaxDur a
	// KindDuration one.
	Min    int
	Max    int
	MinDur time.Duration
	MaxDur time.Duration
	// Floor, when set, is the rule behind Min or MinDur (a clause of the
	// regulation), added to the refusal of a value below it.
	Floor locale.Text
}

// Catalogue lists every setting that can change at run time, in the order
// the settings page shows them. Keys not listed here (addresses, database,
// hashing) only change with a restart.
func Catalogue() []Def {
	const day = 24 * time.Hour
	return []Def{
		{Key: "lockout_threshold", Kind: KindInt, Min: config.MinLockoutThreshold, Max: config.MaxLockoutThreshold,
			Label: locale.T("Số lần đăng nhập sai liên tiếp trước khi khóa", "Failed sign-ins before the account locks"),
			Help: locale.T("Sau chừng ấy lần nhập sai liên tiếp, tài khoản bị tạm khóa (Điều 7 khoản 6). Áp dụng ngay từ lần đăng nhập tiếp theo; cũng là giới hạn số lần nhập sai mã xác thực hai yếu tố.",
				"After this many consecutive failures the account is locked for a while (Đ7.6). Applies from the next sign-in; also limits wrong two-factor codes."),
			Floor: locale.T("Điều 7 khoản 6 Quy chế yêu cầu khóa tài khoản sau một số lần đăng nhập sai: ít nhất 1, nhiều nhất 100.",
				"Đ7.6 of the regulation requires a lock after a limited number of failed sign-ins: at least 1, at most 100.")},
		{Key: "lockout_duration", Kind: KindDuration, MinDur: config.MinLockoutDuration, MaxDur: 30 * day,
			Label: locale.T("Thời gian khóa lần đầu", "First lock length"),
			Help: locale.T("Thời gian tài khoản bị khóa lần đầu; mỗi lần bị khóa tiếp theo (chưa đăng nhập thành công) dài gấp đôi, tối đa bằng «Thời gian khóa tối đa». Viết như 15m, 1h, 1d.",
				"How long the first lock lasts; each further lock without a successful sign-in lasts twice as long, up to the longest lock. Write e.g. 15m, 1h, 1d."),
			Floor: locale.T("Khóa ngắn hơn 1 phút không làm chậm được việc dò mật khẩu (Điều 7 khoản 6).",
				"A lock shorter than a minute does not slow password guessing down (Đ7.6).")},
		{Key: "lockout_max", Kind: KindDuration, MinDur: config.MinLockoutDuration, MaxDur: 30 * day,
			Label: locale.T("Thời gian khóa tối đa", "Longest lock"),
			Help: locale.T("Giới hạn trên của thời gian khóa khi tài khoản bị khóa nhiều lần liên tiếp. Không ngắn hơn thời gian khóa lần đầu.",
				"The longest a repeated lock lasts. Not shorter than the first lock.")},
		{Key: "password_min_length", Kind: KindInt, Min: config.PasswordFloor, Max: 64,
			Label: locale.T("Độ dài tối thiểu của mật khẩu", "Minimum password length"),
			Help: locale.T("Số ký tự ít nhất của mật khẩu mới (mật khẩu cũ vẫn dùng được đến khi đổi). Luôn kèm chữ hoa, chữ thường, chữ số, ký tự đặc biệt và không dùng mật khẩu phổ biến. Mặc định 10; không thể thấp hơn 6 (Điều 7 khoản 1).",
				"The fewest characters of a new password (existing passwords keep working until changed). Upper and lower case, a digit, a special character and no common password are always required. Default 10; never below 6 (Đ7.1)."),
			Floor: locale.T("Điều 7 khoản 1 và 5 Quy chế: mật khẩu có ít nhất 6 ký tự, gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt.",
				"Đ7.1 and Đ7.5 of the regulation: passwords have at least 6 characters with upper and lower case, a digit and a special character.")},
		{Key: "password_min_score", Kind: KindInt, Min: 0, Max: 4,
			Label: locale.T("Độ mạnh tối thiểu của mật khẩu (0–4)", "Minimum password strength (0–4)"),
			Help: locale.T("Điểm ước lượng độ khó đoán (zxcvbn) mà mật khẩu mới phải đạt: 0 không xét, 3 là mặc định, 4 rất khó đoán.",
				"The guessability score (zxcvbn) a new password must reach: 0 off, 3 the default, 4 very hard to guess.")},
		{Key: "session_idle", Kind: KindDuration, MinDur: time.Minute, MaxDur: 7 * day,
			Label: locale.T("Phiên hết hạn khi không thao tác", "Session idle timeout"),
			Help: locale.T("Phiên đăng nhập kết thúc nếu không có thao tác nào trong khoảng này. Áp dụng cho cả các phiên đang mở. Không dài hơn thời hạn tối đa của phiên.",
				"A session ends after this long without activity, open sessions included. Not longer than the session limit.")},
		{Key: "session_absolute", Kind: KindDuration, MinDur: 5 * time.Minute, MaxDur: 30 * day,
			Label: locale.T("Thời hạn tối đa của phiên", "Session limit"),
			Help: locale.T("Phiên đăng nhập kết thúc sau khoảng này dù đang thao tác; rút ngắn thì áp dụng cho cả các phiên đang mở.",
				"A session ends this long after sign-in even when active; shortening it applies to open sessions too.")},
		{Key: "totp_roles", Kind: KindRoles,
			Label: locale.T("Vai trò bắt buộc xác thực hai yếu tố", "Roles that must use two-factor sign-in"),
			Help: locale.T("Người giữ một trong các vai trò này phải dùng mã TOTP khi đăng nhập; ai chưa đăng ký sẽ được yêu cầu đăng ký ở lần đăng nhập tiếp theo.",
				"People holding any of these roles must sign in with a TOTP code; those not enrolled yet are asked to enrol at their next sign-in.")},
		{Key: "audit_retention", Kind: KindDuration, MinDur: 90 * day, MaxDur: 100 * 365 * day,
			Label: locale.T("Thời gian lưu nhật ký", "Audit trail retention"),
			Help: locale.T("Bản ghi nhật ký cũ hơn khoảng này được xóa định kỳ (chuỗi băm vẫn kiểm tra được từ điểm neo). Mặc định 2 năm (730d); ít nhất 90 ngày (Điều 7 khoản 8).",
				"Audit records older than this are pruned periodically (the hash chain still verifies from its anchor). Default 2 years (730d); at least 90 days (Đ7.8)."),
			Floor: locale.T("Điều 7 khoản 8 Quy chế yêu cầu lưu giữ nhật ký để kiểm tra, kiểm soát: attt không cho giữ dưới 90 ngày, để không thể xóa dấu vết bằng cách rút ngắn thời gian lưu.",
				"Đ7.8 of the regulation requires keeping the logs for review: attt keeps them at least 90 days, so evidence cannot be erased by shortening the retention.")},
	}
}

// def returns the catalogue entry for key.
func def(key string) (Def, bool) {
	for _, d := range Catalogue() {
		if d.Key == key {
			return d, true
		}
	}
	return Def{}, false
}

// Range describes the values d accepts, e.g. "6–64" or "1m – 30d".
func (d Def) Range() string {
	switch d.Kind {
	case KindInt:
		return fmt.Sprintf("%d–%d", d.Min, d.Max)
	case KindDuration:
		return config.FormatDuration(d.MinDur) + " – " + config.FormatDuration(d.MaxDur)
	}
	return ""
}

// apply parses value into c's field for d, checks it against d's bounds,
// and returns the value in its canonical form ("15m0s" → "15m", roles in
// display order without repeats).
func (d Def) apply(c *config.Config, value string) (string, error) {
	value = strings.TrimSpace(value)
	if d.Kind == KindRoles {
		roles, err := canonicalRoles(d, value)
		if err != nil {
			return "", err
		}
		value = roles
	}
	if strings.ContainsRune(value, 0) || len(value) > 200 {
		return "", d.invalid("«%s»: giá trị không hợp lệ.", "«%s»: not a valid value.")
	}
	if err := c.Set(d.Key, value); err != nil {
		switch d.Kind {
		case KindInt:
			return "", d.invalidf("«%s» phải là một số nguyên, ví dụ %d.", "«%s» must be a whole number, e.g. %d.", d.Min)
		case KindDuration:
			return "", d.invalid("«%s» phải là một khoảng thời gian như 90s, 15m, 2h hoặc 730d (ngày).",
				"«%s» must be a length of time such as 90s, 15m, 2h or 730d (days).")
		}
		return "", d.invalid("«%s»: giá trị không hợp lệ.", "«%s»: not a valid value.")
	}
	if err := d.inBounds(c); err != nil {
		return "", err
	}
	return c.Get(d.Key), nil
}

// inBounds checks the value of d in c against d's own limits.
func (d Def) inBounds(c *config.Config) error {
	switch d.Kind {
	case KindInt:
		n, _ := strconv.Atoi(c.Get(d.Key))
		if n < d.Min {
			return d.below(strconv.Itoa(d.Min))
		}
		if n > d.Max {
			return d.invalidf("«%s» không được lớn hơn %d.", "«%s» cannot be above %d.", d.Max)
		}
	case KindDuration:
		v, _ := config.ParseDuration(c.Get(d.Key))
		if v < d.MinDur {
			return d.below(config.FormatDuration(d.MinDur))
		}
		if v > d.MaxDur {
			return d.invalidf("«%s» không được dài hơn %s.", "«%s» cannot be longer than %s.", config.FormatDuration(d.MaxDur))
		}
	}
	return nil
}

// below refuses a value under d's minimum, naming the rule behind it.
func (d Def) below(limit string) error {
	msg := locale.Text{VI: fmt.Sprintf("«%s» không được nhỏ hơn %s.", d.Label.VI, limit), EN: fmt.Sprintf("«%s» cannot be below %s.", d.Label.EN, limit)}
	if d.Floor.VI != "" {
		return errs.New(errs.Invalid, msg, d.Floor)
	}
	return errs.New(errs.Invalid, msg)
}

func (d Def) invalid(vi, en string) error {
	return errs.New(errs.Invalid, locale.Text{VI: fmt.Sprintf(vi, d.Label.VI), EN: fmt.Sprintf(en, d.Label.EN)})
}

func (d Def) invalidf(vi, en string, arg any) error {
	return errs.New(errs.Invalid, locale.Text{VI: fmt.Sprintf(vi, d.Label.VI, arg), EN: fmt.Sprintf(en, d.Label.EN, arg)})
}

// canonicalRoles checks a comma-separated role list and returns it in
// display order without repeats.
func canonicalRoles(d Def, value string) (string, error) {
	want := map[principal.Role]bool{}
	for _, part := range strings.Split(value, ",") {
		r := principal.Role(strings.ToLower(strings.TrimSpace(part)))
		if r == "" {
			continue
		}
		if !r.Valid() {
			return "", errs.New(errs.Invalid, locale.Text{VI: fmt.Sprintf("«%s»: không có vai trò %q.", d.Label.VI, part),
				EN: fmt.Sprintf("«%s»: there is no role %q.", d.Label.EN, part)})
		}
		want[r] = true
	}
	var out []string
	for _, r := range principal.Roles() {
		if want[r] {
			out = append(out, string(r))
		}
	}
	return strings.Join(out, ","), nil
}

// crossCheck checks the rules that tie settings together, on the whole
// candidate configuration c, then config.Validate's own rules.
func crossCheck(c *config.Config) error {
	if c.LockoutDuration > c.LockoutMax {
		return errs.New(errs.Invalid, locale.Tf("Thời gian khóa lần đầu (%s) không được dài hơn thời gian khóa tối đa (%s).",
			"The first lock (%s) cannot be longer than the longest lock (%s).", config.FormatDuration(c.LockoutDuration), config.FormatDuration(c.LockoutMax)))
	}
	if c.SessionIdle > c.SessionAbsolute {
		return errs.New(errs.Invalid, locale.Tf("Thời gian hết hạn khi không thao tác (%s) không được dài hơn thời hạn tối đa của phiên (%s).",
			"The idle timeout (%s) cannot be longer than the session limit (%s).", config.FormatDuration(c.SessionIdle), config.FormatDuration(c.SessionAbsolute)))
	}
	check := *c
	if err := check.Validate(); err != nil {
		return &errs.Error{Code: errs.Invalid, Msg: locale.T("Cấu hình sau thay đổi này không hợp lệ.", "The configuration after this change is not valid."),
			Details: []locale.Text{locale.T(err.Error(), err.Error())}, Err: err}
	}
	return nil
}
