package incident

import "attt/internal/locale"

// entryLabel names a kind of timeline entry.
func entryLabel(kind string) locale.Text {
	switch kind {
	case "report":
		return locale.T("Tiếp nhận báo cáo", "Reported")
	case "triage":
		return locale.T("Phân loại, đánh giá", "Triaged")
	case "comment":
		return locale.T("Ý kiến", "Comment")
	case "task":
		return locale.T("Giao việc", "Task added")
	case "task_done":
		return locale.T("Hoàn thành công việc", "Task done")
	case "file":
		return locale.T("Bổ sung tệp bằng chứng", "Evidence added")
	case "respond":
		return locale.T("Bắt đầu ứng cứu", "Response started")
	case "escalate":
		return locale.T("Báo cáo cấp trên, đề nghị hỗ trợ", "Escalated")
	case "share":
		return locale.T("Mời phối hợp", "Outside party invited")
	case "unshare":
		return locale.T("Thôi mời phối hợp", "Invitation ended")
	case "coordinator":
		return locale.T("Phân công điều phối", "Coordinator assigned")
	case "coordinator_removed":
		return locale.T("Thôi phân công điều phối", "Coordinator removed")
	case "document":
		return locale.T("Ban hành văn bản", "Document issued")
	case "resolve":
		return locale.T("Kết thúc ứng cứu", "Response ended")
	case "close":
		return locale.T("Đóng sự cố", "Closed")
	case "reject":
		return locale.T("Xác định không phải sự cố", "Not an incident")
	}
	return locale.T(kind, kind)
}

// EntryLabel names a kind of timeline entry, for pages.
func EntryLabel(kind string) locale.Text { return entryLabel(kind) }
