package web

import (
	"net/http"

	"attt/internal/directory/importfile"
)

// pageRoutes registers the signed-in pages beyond the dashboard, through
// page (rate limit, session, CSRF, needUser).
func (s *Server) pageRoutes(page func(pattern string, h http.HandlerFunc)) {
	// Organisations (S1).
	page("GET /orgs", s.orgsPage)
	page("GET /orgs/new", s.orgNewPage)
	page("POST /orgs", s.orgCreate)
	page("GET /orgs/import", s.importPage(importfile.KindOrgs))
	page("POST /orgs/import", s.importSubmit(importfile.KindOrgs))
	page("GET /orgs/{id}", s.orgPage)
	page("GET /orgs/{id}/edit", s.orgEditPage)
	page("POST /orgs/{id}", s.orgUpdate)
	page("POST /orgs/{id}/move", s.orgMove)
	page("POST /orgs/{id}/active", s.orgSetActive)
	page("POST /orgs/{id}/officer", s.orgDesignate)
	page("GET /import/templates/{kind}/{format}", s.importTemplate)

	// People and the account lifecycle (S2, Đ7.4).
	page("GET /people", s.peoplePage)
	page("GET /people/new", s.personNewPage)
	page("POST /people", s.personCreate)
	page("GET /people/import", s.importPage(importfile.KindPeople))
	page("POST /people/import", s.importSubmit(importfile.KindPeople))
	page("GET /people/{id}", s.personPage)
	page("GET /people/{id}/edit", s.personEditPage)
	page("POST /people/{id}", s.personUpdate)
	page("POST /people/{id}/link", s.personLink)
	page("POST /people/{id}/suspend", s.personAction("suspended", s.personSuspend))
	page("POST /people/{id}/reactivate", s.personAction("reactivated", s.personReactivate))
	page("POST /people/{id}/unlock", s.personAction("unlocked", s.personUnlock))
	page("POST /people/{id}/totp/reset", s.personAction("totp_off", s.personResetTOTP))
	page("POST /people/{id}/transfer", s.personAction("transferred", s.personTransfer))
	page("POST /people/{id}/grants", s.personAction("granted", s.personGrant))
	page("POST /people/{id}/grants/{grant}/revoke", s.personAction("revoked", s.personRevoke))
	page("GET /people/{id}/offboard", s.personOffboardPage)
	page("POST /people/{id}/offboard", s.personOffboard)
	page("GET /offboardings", s.offboardingsPage)
	page("POST /offboardings/items/{item}/recover", s.offboardingRecover)
	page("GET /locked", s.lockedPage)

	// Audit trail (S3, Đ7.8).
	page("GET /audit", s.auditPage)
	page("GET /audit/{seq}", s.auditRecordPage)

	// Downloads of the lists above as XLSX or CSV, each one audited.
	s.exportRoutes(page)

	// Run-time settings (administrators of the whole installation).
	page("GET /settings", s.settingsPage)
	page("POST /settings/{key}", s.settingChange)
	page("POST /settings/{key}/reset", s.settingReset)

	// The signed-in person's own account.
	page("GET /account", s.accountPage)
	page("POST /account/password", s.accountPassword)
	page("GET /account/totp", s.accountTOTPPage)
	page("POST /account/totp", s.accountTOTPSubmit)
	page("POST /account/totp/disable", s.accountTOTPDisable)
	page("GET /account/tokens", s.accountTokensPage)
	page("POST /account/tokens", s.accountTokenCreate)
	page("POST /account/tokens/{id}/revoke", s.accountTokenRevoke)

	s.monitorRoutes(page)

	// Incidents (S7).
	s.incidentRoutes(page)

	// Assets and technical controls (S4).
	s.assetRoutes(page)

	// Notifications (S12).
	s.notifyRoutes(page)
	s.logRoutes(page)
}
