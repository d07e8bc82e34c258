package importfile

import (
	"fmt"
	"strings"

	"attt/internal/errs"
	"attt/internal/locale"
)

// Field names a column of an import file, whatever its header says.
type Field string

// The fields of organisation and people files. Email and phone serve both.
const (
	FieldCode     Field = "code"
	FieldName     Field = "name"
	FieldType     Field = "type"
	FieldParent   Field = "parent_code"
	FieldAddress  Field = "address"
	FieldEmail    Field = "email"
	FieldPhone    Field = "phone"
	FieldLogin    Field = "login"
	FieldFullName Field = "full_name"
	FieldOrg      Field = "org_code"
	FieldTitle    Field = "title"
	FieldRoles    Field = "roles"
	FieldOfficer  Field = "officer"
	FieldURL      Field = "url"
	FieldInterval Field = "interval"
	FieldDepth    Field = "crawl_depth"

	// The fields of an asset inventory file (S4).
	FieldKind        Field = "kind"
	FieldCritical    Field = "criticality"
	FieldOwner       Field = "owner"
	FieldLocation    Field = "location"
	FieldIP          Field = "ip"
	FieldHostname    Field = "hostname"
	FieldLevel       Field = "security_level"
	FieldDecision    Field = "level_decision"
	FieldApprovedBy  Field = "level_approved_by"
	FieldApprovedAt  Field = "level_approved_at"
	FieldSecret      Field = "secret_machine"
	FieldBackupHours Field = "backup_every_hours"
	FieldNotes       Field = "notes"
)

// column describes one accepted column: its canonical header (the
// Vietnamese one goes into templates), whether it is required, and every
// header accepted for it, compared after folding.
type column struct {
	field    Field
	label    locale.Text
	required bool
	aliases  []string
}

// Aliases shared by both kinds of file.
var (
	emailAliases = []string{"email", "e-mail", "mail", "thư điện tử", "địa chỉ email", "địa chỉ thư điện tử", "hộp thư"}
	phoneAliases = []string{"phone", "phone number", "tel", "telephone", "điện thoại", "số điện thoại", "SĐT", "ĐT", "số ĐT", "ĐTDĐ", "di động"}
)

// orgColumns are the columns of an organisation file, in template order.
var orgColumns = []column{
	{FieldCode, locale.T("Mã đơn vị", "Code"), true,
		[]string{"code", "org code", "mã", "mã số", "mã đơn vị", "mã cơ quan", "mã định danh", "mã cơ quan, đơn vị"}},
	{FieldName, locale.T("Tên đơn vị", "Name"), true,
		[]string{"name", "org name", "organisation", "organization", "tên", "tên đơn vị", "tên cơ quan", "tên cơ quan, đơn vị"}},
	{FieldType, locale.T("Loại", "Type"), true,
		[]string{"type", "org type", "kind", "loại", "loại đơn vị", "loại hình", "loại cơ quan"}},
	{FieldParent, locale.T("Mã đơn vị cấp trên", "Parent code"), false,
		[]string{"parent", "parent code", "parent org", "mã đơn vị cấp trên", "đơn vị cấp trên", "cấp trên", "mã cấp trên",
			"cơ quan cấp trên", "mã cơ quan cấp trên", "cơ quan chủ quản", "mã cơ quan chủ quản"}},
	{FieldEmail, locale.T("Email", "Email"), false, emailAliases},
	{FieldPhone, locale.T("Số điện thoại", "Phone"), false, phoneAliases},
	{FieldAddress, locale.T("Địa chỉ", "Address"), false,
		[]string{"address", "địa chỉ", "trụ sở", "địa chỉ trụ sở"}},
}

// personColumns are the columns of a people file, in template order.
var personColumns = []column{
	{FieldLogin, locale.T("Tên đăng nhập", "Login"), true,
		[]string{"login", "username", "user name", "user", "account", "tài khoản", "tên đăng nhập", "tên tài khoản"}},
	{FieldFullName, locale.T("Họ và tên", "Full name"), true,
		[]string{"full name", "fullname", "name", "họ tên", "họ và tên", "tên", "tên cán bộ"}},
	{FieldOrg, locale.T("Mã đơn vị", "Organisation code"), true,
		[]string{"org", "org code", "organisation", "organization", "organisation code", "organization code",
			"đơn vị", "mã đơn vị", "cơ quan", "mã cơ quan", "đơn vị công tác", "mã đơn vị công tác"}},
	{FieldTitle, locale.T("Chức vụ", "Title"), false,
		[]string{"title", "job title", "position", "chức vụ", "chức danh"}},
	{FieldEmail, locale.T("Email", "Email"), false, emailAliases},
	{FieldPhone, locale.T("Số điện thoại", "Phone"), false, phoneAliases},
	{FieldRoles, locale.T("Vai trò", "Roles"), false,
		[]string{"roles", "role", "vai trò", "quyền"}},
	{FieldOfficer, locale.T("Chuyên trách ATTT", "Security officer"), false,
		[]string{"officer", "security officer", "chuyên trách", "chuyên trách ATTT", "cán bộ chuyên trách",
			"cán bộ chuyên trách ATTT", "chuyên trách an toàn thông tin", "cán bộ chuyên trách an toàn thông tin"}},
}

// monitorColumns are the columns of a file of web sites to monitor.
var monitorColumns = []column{
	{FieldOrg, locale.T("Mã đơn vị", "Organisation code"), true,
		[]string{"org", "org code", "organisation", "organization", "organisation code", "organization code",
			"đơn vị", "mã đơn vị", "cơ quan", "mã cơ quan", "đơn vị quản lý", "mã đơn vị quản lý"}},
	{FieldURL, locale.T("Địa chỉ trang", "URL"), true,
		[]string{"url", "address", "website", "site", "địa chỉ", "địa chỉ trang", "trang web", "trang thông tin", "cổng thông tin", "tên miền"}},
	{FieldName, locale.T("Tên trang", "Name"), false,
		[]string{"name", "tên", "tên trang", "tên cổng", "tên trang thông tin"}},
	{FieldInterval, locale.T("Chu kỳ kiểm tra", "Interval"), false,
		[]string{"interval", "check interval", "chu kỳ", "chu kỳ kiểm tra", "tần suất"}},
	{FieldDepth, locale.T("Độ sâu quét", "Crawl depth"), false,
		[]string{"depth", "crawl depth", "độ sâu", "độ sâu quét"}},
}

// assetColumns are the columns of an asset inventory file.
var assetColumns = []column{
	{FieldOrg, locale.T("Mã đơn vị", "Organisation code"), true, monitorColumns[0].aliases},
	{FieldName, locale.T("Tên tài sản", "Name"), true,
		[]string{"name", "asset", "asset name", "tên", "tên tài sản", "tên thiết bị", "tên hệ thống"}},
	{FieldKind, locale.T("Loại tài sản", "Kind"), true,
		[]string{"kind", "type", "asset type", "loại", "loại tài sản", "loại thiết bị", "phân loại"}},
	{FieldCritical, locale.T("Mức quan trọng", "Criticality"), false,
		[]string{"criticality", "mức quan trọng", "mức độ quan trọng", "tầm quan trọng"}},
	{FieldOwner, locale.T("Người quản lý", "Owner"), false,
		[]string{"owner", "người quản lý", "người sử dụng", "người phụ trách", "chủ sở hữu", "bộ phận quản lý"}},
	{FieldLocation, locale.T("Vị trí", "Location"), false,
		[]string{"location", "vị trí", "nơi đặt", "vị trí lắp đặt", "phòng"}},
	{FieldIP, locale.T("Địa chỉ IP", "IP addresses"), false,
		[]string{"ip", "ip address", "ip addresses", "địa chỉ ip", "ip/dải ip"}},
	{FieldHostname, locale.T("Tên máy", "Host names"), false,
		[]string{"hostname", "host name", "host names", "tên máy", "tên miền", "hostname/tên miền"}},
	{FieldLevel, locale.T("Cấp độ HTTT", "Security level"), false,
		[]string{"security level", "level", "cấp độ", "cấp độ httt", "cấp độ an toàn", "cấp độ an toàn hệ thống thông tin"}},
	{FieldDecision, locale.T("Quyết định phê duyệt cấp độ", "Level approval"), false,
		[]string{"level approval", "approval", "quyết định phê duyệt", "quyết định phê duyệt cấp độ", "hồ sơ phê duyệt", "số quyết định"}},
	{FieldApprovedBy, locale.T("Người phê duyệt cấp độ", "Level approved by"), false,
		[]string{"approved by", "level approved by", "người phê duyệt", "cơ quan phê duyệt", "người phê duyệt cấp độ"}},
	{FieldApprovedAt, locale.T("Ngày phê duyệt cấp độ", "Level approved on"), false,
		[]string{"approved on", "approval date", "level approved on", "ngày phê duyệt", "ngày phê duyệt cấp độ", "ngày quyết định"}},
	{FieldSecret, locale.T("Máy soạn thảo tài liệu mật", "Secret-document computer"), false,
		[]string{"secret", "secret machine", "secret-document computer", "máy mật", "máy soạn thảo tài liệu mật", "máy soạn thảo văn bản mật"}},
	{FieldBackupHours, locale.T("Tần suất sao lưu (giờ)", "Backup every (hours)"), false,
		[]string{"backup every", "backup every (hours)", "backup hours", "tần suất sao lưu", "tần suất sao lưu (giờ)", "chu kỳ sao lưu"}},
	{FieldNotes, locale.T("Ghi chú", "Notes"), false,
		[]string{"notes", "ghi chú", "mô tả"}},
}

// ignoredHeaders are columns people add for themselves (row numbers,
// notes); they are skipped without a warning.
var ignoredHeaders = []string{"STT", "TT", "số TT", "số thứ tự", "no", "#", "ghi chú", "note", "notes"}

// columnsOf returns the columns of kind.
func columnsOf(kind Kind) []column {
	switch kind {
	case KindPeople:
		return personColumns
	case KindMonitors:
		return monitorColumns
	case KindAssets:
		return assetColumns
	}
	return orgColumns
}

// header is the outcome of reading a header row.
type header struct {
	index   map[Field]int    // cell index of each recognised field
	labels  map[Field]string // the header text as the file writes it
	named   map[int]bool     // cells that have a header, recognised or not
	ignored map[int]bool     // cells under a header such as "STT" or "Ghi chú"
	unknown []string         // headers neither recognised nor ignored
	matched int              // number of recognised columns
}

// matchHeader maps the cells of a candidate header row to fields.
// A field named by two columns is an error: which one would win is a guess.
func matchHeader(cols []column, cells []string) (*header, error) {
	h := &header{index: map[Field]int{}, labels: map[Field]string{}, named: map[int]bool{}, ignored: map[int]bool{}}
	for i, cell := range cells {
		text := clean(cell)
		key := foldHeader(text)
		if text == "" {
			continue
		}
		h.named[i] = true
		c := findColumn(cols, key)
		if c == nil {
			if matchesAny(ignoredHeaders, key) {
				h.ignored[i] = true
			} else {
				h.unknown = append(h.unknown, text)
			}
			continue
		}
		if j, dup := h.index[c.field]; dup {
			first := clean(cells[j])
			return h, errs.New(errs.Invalid, locale.T(
				fmt.Sprintf("Cột “%s” và cột “%s” cùng là “%s”; hãy giữ lại một cột.", first, text, c.label.VI),
				fmt.Sprintf("Columns “%s” and “%s” both mean “%s”; keep only one of them.", first, text, c.label.EN)))
		}
		h.index[c.field] = i
		h.labels[c.field] = text
		h.matched++
	}
	return h, nil
}

// missing returns an error naming every required column h lacks, with the
// headers accepted for each, or nil.
func (h *header) missing(cols []column) error {
	var names, details []locale.Text
	for _, c := range cols {
		if _, ok := h.index[c.field]; ok || !c.required {
			continue
		}
		names = append(names, locale.T("“"+c.label.VI+"”", "“"+c.label.EN+"”"))
		aliases := "“" + strings.Join(c.aliases, "”, “") + "”"
		details = append(details, locale.T(
			fmt.Sprintf("Cột “%s” có thể đặt tiêu đề: %s.", c.label.VI, aliases),
			fmt.Sprintf("Column “%s” may be headed: %s.", c.label.EN, aliases)))
	}
	if len(names) == 0 {
		return nil
	}
	list := locale.Join(names, ", ")
	return errs.New(errs.Invalid, locale.T(
		fmt.Sprintf("Tệp thiếu cột bắt buộc: %s. Dòng tiêu đề phải nằm trong %d dòng đầu tiên của bảng.", list.VI, headerSearch),
		fmt.Sprintf("The file lacks required columns: %s. The header row must be among the first %d lines of the sheet.", list.EN, headerSearch)),
		details...)
}

// findColumn returns the column one of whose aliases is key, or nil.
func findColumn(cols []column, key string) *column {
	for i := range cols {
		if matchesAny(cols[i].aliases, key) {
			return &cols[i]
		}
	}
	return nil
}

// labelOf returns the canonical label of field, looked up in cols first.
func labelOf(cols []column, field Field) locale.Text {
	for _, list := range [][]column{cols, orgColumns, personColumns} {
		for _, c := range list {
			if c.field == field {
				return c.label
			}
		}
	}
	return locale.T(string(field), string(field))
}

// matchesAny reports whether one of list folds to key.
func matchesAny(list []string, key string) bool {
	for _, x := range list {
		if fold(x) == key {
			return true
		}
	}
	return false
}
