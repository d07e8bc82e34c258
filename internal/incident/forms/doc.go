// Package forms turns plain incident facts into the official documents attt
// files for an information-security incident: the three reports of the
// national incident-coordination circular, Thông tư 20/2017/TT-BTTTT (Phụ
// lục, Mẫu 03 "Báo cáo ban đầu sự cố mạng", Mẫu 04 "Báo cáo kết thúc ứng phó
// sự cố" and Mẫu 05 "Báo cáo tổng hợp 06 tháng/01 năm về hoạt động tiếp nhận
// và xử lý sự cố"), and the written escalation notice (công văn) an agency
// sends its superior and the provincial authority when an incident is beyond
// it (Quy chế ban hành kèm theo Quyết định 05/2016/QĐ-UBND, khoản 9 Điều 7 và
// khoản 3 Điều 11).
//
// Every input is a plain struct defined here, with no dependency on the
// incident service: the service maps an incident onto it and asks for a
// *docgen.Document, which internal/docgen renders as PDF or DOCX in the
// Nghị định 30/2020 layout; Mẫu 05 is also written as an XLSX workbook.
// Fields follow the order of the circular's forms; an optional field left
// empty prints "(không có)" and an unknown fact "Chưa xác định", so a printed
// form never shows a blank that looks broken. Times print as dd/mm/yyyy HH:MM
// in Asia/Ho_Chi_Minh.
//
// The ten incident types of Mẫu 05 are a stable code → label table
// (Categories) so the incident service can store the code and reuse the
// labels.
package forms
