package web

import "attt/internal/locale"

// actionLabels name the audit trail's actions for people; the code stays
// visible beside the label for searching.
var actionLabels = map[string]locale.Text{
	"auth.login.success":        locale.T("Đăng nhập thành công", "Signed in"),
	"auth.login.failure":        locale.T("Đăng nhập không thành công", "Failed sign-in"),
	"auth.logout":               locale.T("Đăng xuất", "Signed out"),
	"auth.lockout":              locale.T("Tài khoản bị khóa do đăng nhập sai", "Account locked after failed sign-ins"),
	"auth.unlock":               locale.T("Mở khóa tài khoản", "Account unlocked"),
	"auth.password.set":         locale.T("Đặt/đổi mật khẩu", "Password set"),
	"auth.link.issue":           locale.T("Cấp đường dẫn dùng một lần", "One-time link issued"),
	"auth.totp.enable":          locale.T("Bật xác thực hai yếu tố", "Two-factor sign-in on"),
	"auth.totp.disable":         locale.T("Tắt xác thực hai yếu tố", "Two-factor sign-in off"),
	"auth.totp.failure":         locale.T("Mã xác thực sai", "Wrong authentication code"),
	"token.create":              locale.T("Tạo mã truy cập API", "API token created"),
	"token.revoke":              locale.T("Thu hồi mã truy cập API", "API token revoked"),
	"org.create":                locale.T("Tạo đơn vị", "Organisation created"),
	"org.update":                locale.T("Sửa đơn vị", "Organisation changed"),
	"org.move":                  locale.T("Chuyển đơn vị", "Organisation moved"),
	"org.activate":              locale.T("Kích hoạt lại đơn vị", "Organisation reactivated"),
	"org.deactivate":            locale.T("Ngừng hoạt động đơn vị", "Organisation deactivated"),
	"org.officer":               locale.T("Chỉ định cán bộ chuyên trách", "Security officer designated"),
	"org.import":                locale.T("Nhập danh sách đơn vị", "Organisations imported"),
	"org.export":                locale.T("Xuất danh sách đơn vị", "Organisations exported"),
	"person.create":             locale.T("Tạo tài khoản", "Account created"),
	"person.update":             locale.T("Sửa thông tin người dùng", "Person changed"),
	"person.activate":           locale.T("Kích hoạt tài khoản", "Account activated"),
	"person.suspend":            locale.T("Tạm khóa tài khoản", "Account suspended"),
	"person.reactivate":         locale.T("Mở lại tài khoản", "Account reactivated"),
	"person.offboard":           locale.T("Nghỉ việc / chuyển công tác", "Offboarded"),
	"person.offboard.checklist": locale.T("Lập danh sách thu hồi thiết bị", "Device checklist opened"),
	"person.offboard.recover":   locale.T("Thu hồi thiết bị", "Device recovered"),
	"person.transfer":           locale.T("Điều chuyển đơn vị", "Transferred"),
	"person.import":             locale.T("Nhập danh sách người dùng", "People imported"),
	"people.export":             locale.T("Xuất danh sách người dùng", "People exported"),
	"role.grant":                locale.T("Cấp vai trò", "Role granted"),
	"role.revoke":               locale.T("Thu hồi vai trò", "Role revoked"),
	"role.revoke_all":           locale.T("Thu hồi mọi vai trò", "All roles ended"),
	"setting.change":            locale.T("Thay đổi thiết lập", "Setting changed"),
	"setting.reset":             locale.T("Khôi phục thiết lập mặc định", "Setting reset"),
	"audit.read":                locale.T("Xem bản ghi nhật ký", "Audit record viewed"),
	"audit.export":              locale.T("Xuất nhật ký", "Audit trail exported"),
	"audit.prune":               locale.T("Xóa nhật ký quá hạn lưu trữ", "Expired audit records pruned"),
	"monitor.create":            locale.T("Đăng ký giám sát trang", "Site registered"),
	"monitor.update":            locale.T("Sửa cấu hình giám sát", "Monitor changed"),
	"monitor.pause":             locale.T("Tạm dừng giám sát", "Monitor paused"),
	"monitor.resume":            locale.T("Tiếp tục giám sát", "Monitor resumed"),
	"monitor.check":             locale.T("Kiểm tra trang ngay", "Site checked on demand"),
	"monitor.import":            locale.T("Nhập danh sách trang giám sát", "Sites imported"),
	"monitor.terms":             locale.T("Sửa từ khóa cờ bạc", "Spam terms changed"),
	"monitor.finding.accept":    locale.T("Chấp nhận thay đổi trang", "Site change accepted"),
	"monitor.finding.confirm":   locale.T("Xác nhận trang bị tấn công", "Defacement confirmed"),

	"asset.create":             locale.T("Thêm tài sản", "Asset added"),
	"asset.update":             locale.T("Sửa tài sản", "Asset changed"),
	"asset.retire":             locale.T("Thôi sử dụng tài sản", "Asset retired"),
	"asset.restore":            locale.T("Sử dụng lại tài sản", "Asset back in service"),
	"asset.import":             locale.T("Nhập danh mục tài sản", "Assets imported"),
	"asset.export":             locale.T("Xuất danh mục tài sản", "Assets exported"),
	"asset.control":            locale.T("Khai báo biện pháp kỹ thuật", "Control declared"),
	"agent.enrolment.create":   locale.T("Cấp mã đăng ký tác tử", "Agent enrolment token issued"),
	"agent.enrolment.revoke":   locale.T("Thu hồi mã đăng ký tác tử", "Agent enrolment token revoked"),
	"agent.enroll":             locale.T("Tác tử đăng ký", "Agent enrolled"),
	"agent.report":             locale.T("Tác tử báo cáo thay đổi", "Agent reported changes"),
	"agent.revoke":             locale.T("Thu hồi tác tử", "Agent revoked"),
	"agent.stale":              locale.T("Tác tử ngừng báo cáo", "Agent stopped reporting"),
	"software.approve":         locale.T("Thêm phần mềm được phép", "Software approved"),
	"software.unapprove":       locale.T("Xóa phần mềm khỏi danh mục", "Software removed from the list"),
	"software.finding.approve": locale.T("Cho phép phần mềm phát hiện", "Found software approved"),
	"software.finding.remove":  locale.T("Xác nhận đã gỡ phần mềm", "Software removal recorded"),
	"software.finding.except":  locale.T("Ngoại lệ phần mềm có thời hạn", "Software exception granted"),
	"software.finding.reopen":  locale.T("Hết hạn ngoại lệ phần mềm", "Software exception expired"),
	"connection.register":      locale.T("Đăng ký kết nối TTDL", "Data centre connection registered"),
	"connection.update":        locale.T("Sửa hồ sơ kết nối TTDL", "Data centre connection changed"),
	"connection.approve":       locale.T("Phê duyệt kết nối TTDL", "Data centre connection approved"),
	"connection.reject":        locale.T("Từ chối kết nối TTDL", "Data centre connection rejected"),
	"connection.changes":       locale.T("Yêu cầu sửa hồ sơ kết nối TTDL", "Data centre connection sent back"),
	"connection.expire":        locale.T("Hết hạn phê duyệt kết nối TTDL", "Data centre connection expired"),
}

// Action names an audit action in the page's language, the code itself
// when it has no label.
func (p *Page) Action(code string) string {
	if t, ok := actionLabels[code]; ok {
		return t.In(p.Lang)
	}
	return code
}
