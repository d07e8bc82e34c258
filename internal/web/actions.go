package web

import "attt/internal/locale"

// actionLabels name the audit trail's actions for people; the code stays
// visible beside the label for searching.
var actionLabels = map[string]locale.Text{
	"auth.login.success":           locale.T("Đăng nhập thành công", "Signed in"),
	"auth.login.failure":           locale.T("Đăng nhập không thành công", "Failed sign-in"),
	"auth.logout":                  locale.T("Đăng xuất", "Signed out"),
	"auth.lockout":                 locale.T("Tài khoản bị khóa do đăng nhập sai", "Account locked after failed sign-ins"),
	"auth.unlock":                  locale.T("Mở khóa tài khoản", "Account unlocked"),
	"auth.password.set":            locale.T("Đặt/đổi mật khẩu", "Password set"),
	"auth.link.issue":              locale.T("Cấp đường dẫn dùng một lần", "One-time link issued"),
	"auth.totp.enable":             locale.T("Bật xác thực hai yếu tố", "Two-factor sign-in on"),
	"auth.totp.disable":            locale.T("Tắt xác thực hai yếu tố", "Two-factor sign-in off"),
	"auth.totp.failure":            locale.T("Mã xác thực sai", "Wrong authentication code"),
	"token.create":                 locale.T("Tạo mã truy cập API", "API token created"),
	"token.revoke":                 locale.T("Thu hồi mã truy cập API", "API token revoked"),
	"org.create":                   locale.T("Tạo đơn vị", "Organisation created"),
	"org.update":                   locale.T("Sửa đơn vị", "Organisation changed"),
	"org.move":                     locale.T("Chuyển đơn vị", "Organisation moved"),
	"org.activate":                 locale.T("Kích hoạt lại đơn vị", "Organisation reactivated"),
	"org.deactivate":               locale.T("Ngừng hoạt động đơn vị", "Organisation deactivated"),
	"org.officer":                  locale.T("Chỉ định cán bộ chuyên trách", "Security officer designated"),
	"org.import":                   locale.T("Nhập danh sách đơn vị", "Organisations imported"),
	"org.export":                   locale.T("Xuất danh sách đơn vị", "Organisations exported"),
	"person.create":                locale.T("Tạo tài khoản", "Account created"),
	"person.update":                locale.T("Sửa thông tin người dùng", "Person changed"),
	"person.activate":              locale.T("Kích hoạt tài khoản", "Account activated"),
	"person.suspend":               locale.T("Tạm khóa tài khoản", "Account suspended"),
	"person.reactivate":            locale.T("Mở lại tài khoản", "Account reactivated"),
	"person.offboard":              locale.T("Nghỉ việc / chuyển công tác", "Offboarded"),
	"person.offboard.checklist":    locale.T("Lập danh sách thu hồi thiết bị", "Device checklist opened"),
	"person.offboard.recover":      locale.T("Thu hồi thiết bị", "Device recovered"),
	"person.transfer":              locale.T("Điều chuyển đơn vị", "Transferred"),
	"person.import":                locale.T("Nhập danh sách người dùng", "People imported"),
	"people.export":                locale.T("Xuất danh sách người dùng", "People exported"),
	"role.grant":                   locale.T("Cấp vai trò", "Role granted"),
	"role.revoke":                  locale.T("Thu hồi vai trò", "Role revoked"),
	"role.revoke_all":              locale.T("Thu hồi mọi vai trò", "All roles ended"),
	"setting.change":               locale.T("Thay đổi thiết lập", "Setting changed"),
	"setting.reset":                locale.T("Khôi phục thiết lập mặc định", "Setting reset"),
	"audit.read":                   locale.T("Xem bản ghi nhật ký", "Audit record viewed"),
	"audit.export":                 locale.T("Xuất nhật ký", "Audit trail exported"),
	"audit.prune":                  locale.T("Xóa nhật ký quá hạn lưu trữ", "Expired audit records pruned"),
	"monitor.create":               locale.T("Đăng ký giám sát trang", "Site registered"),
	"monitor.update":               locale.T("Sửa cấu hình giám sát", "Monitor changed"),
	"monitor.pause":                locale.T("Tạm dừng giám sát", "Monitor paused"),
	"monitor.resume":               locale.T("Tiếp tục giám sát", "Monitor resumed"),
	"monitor.check":                locale.T("Kiểm tra trang ngay", "Site checked on demand"),
	"monitor.import":               locale.T("Nhập danh sách trang giám sát", "Sites imported"),
	"monitor.terms":                locale.T("Sửa từ khóa cờ bạc", "Spam terms changed"),
	"monitor.finding.accept":       locale.T("Chấp nhận thay đổi trang", "Site change accepted"),
	"monitor.finding.confirm":      locale.T("Xác nhận trang bị tấn công", "Defacement confirmed"),
	"incident.report":              locale.T("Báo cáo sự cố", "Incident reported"),
	"incident.triage":              locale.T("Phân loại sự cố", "Incident triaged"),
	"incident.comment":             locale.T("Ý kiến về sự cố", "Incident comment"),
	"incident.task":                locale.T("Giao việc xử lý sự cố", "Incident task added"),
	"incident.task_done":           locale.T("Hoàn thành việc xử lý sự cố", "Incident task done"),
	"incident.file":                locale.T("Thêm tệp bằng chứng sự cố", "Incident evidence added"),
	"incident.respond":             locale.T("Bắt đầu ứng cứu sự cố", "Incident response started"),
	"incident.reject":              locale.T("Xác định không phải sự cố", "Report marked not an incident"),
	"incident.escalate":            locale.T("Báo cáo sự cố lên cấp trên", "Incident escalated"),
	"incident.share":               locale.T("Mời phối hợp xử lý sự cố", "Outside party invited to an incident"),
	"incident.unshare":             locale.T("Thôi mời phối hợp xử lý sự cố", "Incident invitation ended"),
	"incident.coordinator":         locale.T("Phân công điều phối sự cố", "Incident coordinator assigned"),
	"incident.coordinator_removed": locale.T("Thôi phân công điều phối sự cố", "Incident coordinator removed"),
	"incident.document":            locale.T("Ban hành văn bản về sự cố", "Incident document issued"),
	"incident.resolve":             locale.T("Kết thúc ứng cứu sự cố", "Incident response ended"),
	"incident.close":               locale.T("Đóng sự cố", "Incident closed"),
	"incident.export":              locale.T("Xuất danh sách sự cố", "Incidents exported"),
}

// Action names an audit action in the page's language, the code itself
// when it has no label.
func (p *Page) Action(code string) string {
	if t, ok := actionLabels[code]; ok {
		return t.In(p.Lang)
	}
	return code
}
