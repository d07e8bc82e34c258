// Package importfile is the bulk-import room of the directory (S1): it turns
// an uploaded CSV or XLSX file of organisations or of people into typed rows
// and a per-row report of what is wrong with them.
//
// It only parses. It never touches the database: the directory service checks
// the rows against what is already stored (a parent or organisation code that
// does not exist, a login already taken), adds those problems to the same
// Report, and inserts everything in one transaction only when the Report is
// clean. An import is all or nothing, so a user fixes the file and uploads it
// again; the Report therefore lists every problem at once, with the line
// number the user sees in Excel (the header is line 1).
//
// Headers are recognised by name in any order, in Vietnamese or English,
// ignoring case and diacritics ("Mã đơn vị", "MA DON VI", "code"). Values such
// as an organisation type or a role are recognised the same way.
package importfile
