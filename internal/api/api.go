// Package api is attt's JSON API under /api/v1: the same services as the
// web UI, for machines and scripts. Routes lists every route; the OpenAPI
// document served at /api/v1/openapi.json describes each one, and a test
// fails when one is missing. The web package mounts these routes behind its
// rate limits, authentication and CSRF middleware.
package api

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"attt/internal/asset"
	"attt/internal/asset/agentwire"
	"attt/internal/audit"
	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/logs"
	"attt/internal/logs/ingest"
	"attt/internal/notify"
	"attt/internal/settings"
	"attt/internal/web/respond"
	"attt/internal/webmon"
)

// Deps are what the API calls. Login, OpenSession and EndSession come from
// the web layer so that browser and API sign-ins share one path (throttle,
// cookies).
type Deps struct {
	Dir       *directory.Service
	Auth      *auth.Service
	Trail     *audit.Trail
	Settings  *settings.Service
	Monitors  *webmon.Service
	Notify    *notify.Service
	Incidents *incident.Service
	// Logs and Ingest are central logs (S5); nil answers Unavailable.
	Logs        *logs.Service
	Ingest      *ingest.Ingest
	Assets      *asset.Service
	Log         *slog.Logger
	Login       func(w http.ResponseWriter, r *http.Request, req auth.LoginRequest) (*auth.LoginResult, error)
	OpenSession func(w http.ResponseWriter, token string, expires time.Time)
	EndSession  func(w http.ResponseWriter)
}

// Route is one API endpoint.
type Route struct {
	Method  string
	Path    string
	Handler http.HandlerFunc
	// Public routes need no signed-in principal.
	Public bool
	// Login routes get the sign-in rate limit.
	Login bool
	// MaxBody, when set, is the body limit of an upload route; others get
	// the server's MaxBodyBytes.
	MaxBody int64
}

// API holds the handlers.
type API struct{ Deps }

// New returns the API.
func New(d Deps) *API { return &API{Deps: d} }

// ErrNoRoute answers paths under /api/ that match no route.
var ErrNoRoute = errs.New(errs.NotFound, locale.T("Không có API này.", "No such API route."))

// Routes lists every route of the API. Each one is described in
// openapi.json; TestOpenAPICoversRoutes fails when they disagree, and
// TestScopeMatrix fails when a route with an id has no scope entry.
func (a *API) Routes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/openapi.json", Handler: a.openAPI, Public: true},
		{Method: "POST", Path: "/api/v1/login", Handler: a.login, Public: true, Login: true},
		{Method: "POST", Path: "/api/v1/logout", Handler: a.logout},
		{Method: "GET", Path: "/api/v1/me", Handler: a.me},

		// Own account.
		{Method: "POST", Path: "/api/v1/me/password", Handler: a.changePassword, Login: true},
		{Method: "POST", Path: "/api/v1/me/totp", Handler: a.beginTOTP},
		{Method: "POST", Path: "/api/v1/me/totp/confirm", Handler: a.confirmTOTP},
		{Method: "GET", Path: "/api/v1/me/tokens", Handler: a.listTokens},
		{Method: "POST", Path: "/api/v1/me/tokens", Handler: a.createToken},
		{Method: "DELETE", Path: "/api/v1/me/tokens/{id}", Handler: a.revokeToken},

		// Organisations (S1).
		{Method: "GET", Path: "/api/v1/orgs", Handler: a.listOrgs},
		{Method: "POST", Path: "/api/v1/orgs", Handler: a.createOrg},
		{Method: "GET", Path: "/api/v1/orgs/without-officer", Handler: a.orgsWithoutOfficer},
		{Method: "POST", Path: "/api/v1/orgs/import", Handler: a.importOrgs, MaxBody: maxUpload},
		{Method: "GET", Path: "/api/v1/orgs/{id}", Handler: a.getOrg},
		{Method: "PATCH", Path: "/api/v1/orgs/{id}", Handler: a.updateOrg},
		{Method: "POST", Path: "/api/v1/orgs/{id}/move", Handler: a.moveOrg},
		{Method: "POST", Path: "/api/v1/orgs/{id}/deactivate", Handler: a.deactivateOrg},
		{Method: "POST", Path: "/api/v1/orgs/{id}/activate", Handler: a.activateOrg},
		{Method: "PUT", Path: "/api/v1/orgs/{id}/officer", Handler: a.designateOfficer},

		// People and their accounts (S1, S2).
		{Method: "GET", Path: "/api/v1/people", Handler: a.listPeople},
		{Method: "POST", Path: "/api/v1/people", Handler: a.createPerson},
		{Method: "POST", Path: "/api/v1/people/import", Handler: a.importPeople, MaxBody: maxUpload},
		{Method: "GET", Path: "/api/v1/people/{id}", Handler: a.getPerson},
		{Method: "PATCH", Path: "/api/v1/people/{id}", Handler: a.updatePerson},
		{Method: "GET", Path: "/api/v1/people/{id}/account", Handler: a.accountState},
		{Method: "GET", Path: "/api/v1/people/{id}/history", Handler: a.personHistory},
		{Method: "POST", Path: "/api/v1/people/{id}/link", Handler: a.issueLink},
		{Method: "POST", Path: "/api/v1/people/{id}/suspend", Handler: a.suspendPerson},
		{Method: "POST", Path: "/api/v1/people/{id}/reactivate", Handler: a.reactivatePerson},
		{Method: "POST", Path: "/api/v1/people/{id}/unlock", Handler: a.unlockPerson},
		{Method: "POST", Path: "/api/v1/people/{id}/transfer", Handler: a.transferPerson},
		{Method: "POST", Path: "/api/v1/people/{id}/offboard", Handler: a.offboardPerson},
		{Method: "DELETE", Path: "/api/v1/people/{id}/totp", Handler: a.disableTOTP},

		// Role grants.
		{Method: "GET", Path: "/api/v1/people/{id}/grants", Handler: a.listGrants},
		{Method: "POST", Path: "/api/v1/grants", Handler: a.createGrant},
		{Method: "DELETE", Path: "/api/v1/grants/{id}", Handler: a.revokeGrant},

		// Offboarding checklists and lockouts (Đ7.4, Đ7.6).
		{Method: "GET", Path: "/api/v1/offboardings", Handler: a.listOffboardings},
		{Method: "POST", Path: "/api/v1/offboarding-items/{id}/recover", Handler: a.recoverItem},
		{Method: "GET", Path: "/api/v1/locked-accounts", Handler: a.lockedAccounts},

		// Audit trail (S3, Đ7.8).
		{Method: "GET", Path: "/api/v1/audit", Handler: a.searchAudit},

		// Run-time settings (administrators of the whole installation).
		{Method: "GET", Path: "/api/v1/settings", Handler: a.listSettings},
		{Method: "PUT", Path: "/api/v1/settings/{key}", Handler: a.setSetting},
		{Method: "DELETE", Path: "/api/v1/settings/{key}", Handler: a.resetSetting},

		// Exports as XLSX or CSV, each one recorded in the trail.
		{Method: "GET", Path: "/api/v1/people/export", Handler: a.exportPeople},
		{Method: "GET", Path: "/api/v1/orgs/export", Handler: a.exportOrgs},
		{Method: "GET", Path: "/api/v1/audit/export", Handler: a.exportAudit},

		// Website monitoring (S6).
		{Method: "GET", Path: "/api/v1/monitors", Handler: a.listMonitors},
		{Method: "POST", Path: "/api/v1/monitors", Handler: a.createMonitor},
		{Method: "POST", Path: "/api/v1/monitors/import", Handler: a.importMonitors, MaxBody: maxUpload},
		{Method: "GET", Path: "/api/v1/monitors/{id}", Handler: a.getMonitor},
		{Method: "PUT", Path: "/api/v1/monitors/{id}", Handler: a.updateMonitor},
		{Method: "POST", Path: "/api/v1/monitors/{id}/check", Handler: a.checkMonitor},
		{Method: "POST", Path: "/api/v1/monitors/{id}/pause", Handler: a.pauseMonitor},
		{Method: "POST", Path: "/api/v1/monitors/{id}/resume", Handler: a.resumeMonitor},
		{Method: "GET", Path: "/api/v1/monitors/{id}/history", Handler: a.monitorHistory},
		{Method: "GET", Path: "/api/v1/findings", Handler: a.listFindings},
		{Method: "GET", Path: "/api/v1/findings/{id}", Handler: a.getFinding},
		{Method: "POST", Path: "/api/v1/findings/{id}/accept", Handler: a.acceptFinding},
		{Method: "POST", Path: "/api/v1/findings/{id}/confirm", Handler: a.confirmFinding},
		{Method: "GET", Path: "/api/v1/monitor-terms", Handler: a.monitorTerms},
		{Method: "PUT", Path: "/api/v1/monitor-terms", Handler: a.setMonitorTerms},

		// Notifications (S12): the caller's inbox and preferences,
		// webhooks, outbound deliveries.
		{Method: "GET", Path: "/api/v1/notifications", Handler: a.listNotifications},
		{Method: "GET", Path: "/api/v1/notifications/unread-count", Handler: a.unreadCount},
		{Method: "POST", Path: "/api/v1/notifications/read-all", Handler: a.readAllNotifications},
		{Method: "POST", Path: "/api/v1/notifications/{id}/read", Handler: a.readNotification},
		{Method: "GET", Path: "/api/v1/account/notification-prefs", Handler: a.notificationPrefs},
		{Method: "PUT", Path: "/api/v1/account/notification-prefs", Handler: a.setNotificationPrefs},
		{Method: "GET", Path: "/api/v1/webhooks", Handler: a.listWebhooks},
		{Method: "POST", Path: "/api/v1/webhooks", Handler: a.createWebhook},
		{Method: "GET", Path: "/api/v1/webhooks/{id}", Handler: a.getWebhook},
		{Method: "DELETE", Path: "/api/v1/webhooks/{id}", Handler: a.deleteWebhook},
		{Method: "POST", Path: "/api/v1/webhooks/{id}/enable", Handler: a.enableWebhook},
		{Method: "POST", Path: "/api/v1/webhooks/{id}/disable", Handler: a.disableWebhook},
		{Method: "POST", Path: "/api/v1/webhooks/{id}/test", Handler: a.testWebhook},
		{Method: "GET", Path: "/api/v1/deliveries", Handler: a.listDeliveries},
		{Method: "POST", Path: "/api/v1/deliveries/{id}/retry", Handler: a.retryDelivery},
		// Incidents (S7).
		{Method: "GET", Path: "/api/v1/incidents", Handler: a.listIncidents},
		{Method: "POST", Path: "/api/v1/incidents", Handler: a.reportIncident, MaxBody: maxIncidentUpload},
		{Method: "GET", Path: "/api/v1/incidents/export", Handler: a.exportIncidents},
		{Method: "GET", Path: "/api/v1/incidents/summary", Handler: a.incidentSummary},
		{Method: "GET", Path: "/api/v1/incidents/summary/report", Handler: a.incidentReport05},
		{Method: "GET", Path: "/api/v1/incidents/{id}", Handler: a.getIncident},
		{Method: "PUT", Path: "/api/v1/incidents/{id}/triage", Handler: a.triageIncident},
		{Method: "POST", Path: "/api/v1/incidents/{id}/comments", Handler: a.commentIncident},
		{Method: "POST", Path: "/api/v1/incidents/{id}/tasks", Handler: a.addIncidentTask},
		{Method: "POST", Path: "/api/v1/incidents/{id}/tasks/{task}/done", Handler: a.completeIncidentTask},
		{Method: "POST", Path: "/api/v1/incidents/{id}/files", Handler: a.addIncidentFiles, MaxBody: maxIncidentUpload},
		{Method: "GET", Path: "/api/v1/incidents/{id}/files/{file}", Handler: a.downloadIncidentFile},
		{Method: "POST", Path: "/api/v1/incidents/{id}/respond", Handler: a.respondIncident},
		{Method: "POST", Path: "/api/v1/incidents/{id}/reject", Handler: a.rejectIncident},
		{Method: "POST", Path: "/api/v1/incidents/{id}/escalate", Handler: a.escalateIncident},
		{Method: "POST", Path: "/api/v1/incidents/{id}/shares", Handler: a.shareIncident},
		{Method: "DELETE", Path: "/api/v1/incidents/{id}/shares/{share}", Handler: a.unshareIncident},
		{Method: "POST", Path: "/api/v1/incidents/{id}/coordinators", Handler: a.assignCoordinator},
		{Method: "DELETE", Path: "/api/v1/incidents/{id}/coordinators/{person}", Handler: a.removeCoordinator},
		{Method: "POST", Path: "/api/v1/incidents/{id}/initial-report", Handler: a.fileInitialReport},
		{Method: "POST", Path: "/api/v1/incidents/{id}/end", Handler: a.endIncidentResponse},
		{Method: "POST", Path: "/api/v1/incidents/{id}/closing-report", Handler: a.fileClosingReport},
		{Method: "POST", Path: "/api/v1/incidents/{id}/close", Handler: a.closeIncident},
		{Method: "GET", Path: "/api/v1/incidents/{id}/documents/{doc}", Handler: a.incidentDocument},
		// Central logs (S5). POST /api/v1/logs authenticates the sending
		// source by its own token, not a person.
		{Method: "GET", Path: "/api/v1/logs", Handler: a.searchLogs},
		{Method: "POST", Path: "/api/v1/logs", Handler: a.postLogs, Public: true, MaxBody: maxLogBatch},
		{Method: "GET", Path: "/api/v1/logs/histogram", Handler: a.logHistogram},
		{Method: "GET", Path: "/api/v1/logs/export", Handler: a.exportLogs},
		{Method: "GET", Path: "/api/v1/logs/{id}", Handler: a.getLog},
		{Method: "GET", Path: "/api/v1/log-sources", Handler: a.listLogSources},
		{Method: "POST", Path: "/api/v1/log-sources", Handler: a.createLogSource},
		{Method: "PUT", Path: "/api/v1/log-sources/{id}/assign", Handler: a.assignLogSource},
		{Method: "GET", Path: "/api/v1/log-alerts", Handler: a.listLogAlerts},
		{Method: "GET", Path: "/api/v1/log-alerts/{id}", Handler: a.getLogAlert},
		{Method: "POST", Path: "/api/v1/log-alerts/{id}/acknowledge", Handler: a.acknowledgeLogAlert},
		{Method: "POST", Path: "/api/v1/log-alerts/{id}/dismiss", Handler: a.dismissLogAlert},
		{Method: "POST", Path: "/api/v1/log-alerts/{id}/incident", Handler: a.openIncidentFromAlert},

		// Assets and technical controls (S4).
		{Method: "GET", Path: "/api/v1/assets", Handler: a.listAssets},
		{Method: "POST", Path: "/api/v1/assets", Handler: a.createAsset},
		{Method: "POST", Path: "/api/v1/assets/import", Handler: a.importAssets, MaxBody: maxUpload},
		{Method: "GET", Path: "/api/v1/assets/export", Handler: a.exportAssets},
		{Method: "GET", Path: "/api/v1/assets/coverage", Handler: a.assetCoverage},
		{Method: "POST", Path: "/api/v1/assets/offline-report", Handler: a.uploadOffline, MaxBody: agentwire.MaxBody + 1<<20},
		{Method: "GET", Path: "/api/v1/assets/{id}", Handler: a.getAsset},
		{Method: "PUT", Path: "/api/v1/assets/{id}", Handler: a.updateAsset},
		{Method: "POST", Path: "/api/v1/assets/{id}/retire", Handler: a.retireAsset},
		{Method: "POST", Path: "/api/v1/assets/{id}/restore", Handler: a.restoreAsset},
		{Method: "GET", Path: "/api/v1/assets/{id}/controls", Handler: a.assetControls},
		{Method: "PUT", Path: "/api/v1/assets/{id}/controls/{control}", Handler: a.declareControl},
		{Method: "GET", Path: "/api/v1/assets/{id}/software", Handler: a.assetSoftware},
		{Method: "GET", Path: "/api/v1/agent-enrolments", Handler: a.listEnrolments},
		{Method: "POST", Path: "/api/v1/agent-enrolments", Handler: a.createEnrolment},
		{Method: "DELETE", Path: "/api/v1/agent-enrolments/{id}", Handler: a.revokeEnrolment},
		{Method: "GET", Path: "/api/v1/approved-software", Handler: a.listApprovals},
		{Method: "POST", Path: "/api/v1/approved-software", Handler: a.addApproval},
		{Method: "DELETE", Path: "/api/v1/approved-software/{id}", Handler: a.removeApproval},
		{Method: "GET", Path: "/api/v1/software-findings", Handler: a.listSoftwareFindings},
		{Method: "POST", Path: "/api/v1/software-findings/{id}/resolve", Handler: a.resolveSoftwareFinding},
		{Method: "GET", Path: "/api/v1/dc-connections", Handler: a.listConnections},
		{Method: "POST", Path: "/api/v1/dc-connections", Handler: a.registerConnection},
		{Method: "GET", Path: "/api/v1/dc-connections/{id}", Handler: a.getConnection},
		{Method: "PUT", Path: "/api/v1/dc-connections/{id}", Handler: a.updateConnection},
		{Method: "POST", Path: "/api/v1/dc-connections/{id}/decision", Handler: a.decideConnection},
		{Method: "GET", Path: "/api/v1/agents", Handler: a.listAgents},
		{Method: "POST", Path: "/api/v1/agents/{id}/revoke", Handler: a.revokeAgent},
		// Endpoint agents: the token or the agent's signature is the
		// credential.
		{Method: "POST", Path: agentwire.PathEnroll, Handler: a.agentEnroll, Public: true},
		{Method: "POST", Path: agentwire.PathReport, Handler: a.agentReport, Public: true, MaxBody: agentwire.MaxBody},
		{Method: "GET", Path: "/api/v1/log-retention/{org}", Handler: a.getLogRetention},
		{Method: "PUT", Path: "/api/v1/log-retention/{org}", Handler: a.setLogRetention},
		{Method: "GET", Path: "/api/v1/log-rules", Handler: a.listLogRules},
		{Method: "PUT", Path: "/api/v1/log-rules/{id}", Handler: a.saveLogRule},
		{Method: "DELETE", Path: "/api/v1/log-rules/{id}", Handler: a.deleteLogRule},
	}
}

// decode reads a JSON body strictly: unknown fields and trailing data are
// errors, and the message says what is wrong in the reader's language.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return decodeError(err)
		}
		return errs.New(errs.Invalid, locale.T("Nội dung JSON không hợp lệ: có dữ liệu thừa sau đối tượng.", "The JSON body is not valid: data after the object."))
	}
	if hasNUL(reflect.ValueOf(v)) {
		// PostgreSQL text cannot hold U+0000, and no name, login or note
		// needs it: refuse it here rather than fail deep in a service.
		return errs.New(errs.Invalid, locale.T("Nội dung JSON không hợp lệ: chứa ký tự NUL (\\u0000).", "The JSON body is not valid: it contains a NUL character (\\u0000)."))
	}
	return nil
}

// hasNUL reports whether any string reachable from v contains U+0000.
func hasNUL(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.IndexByte(v.String(), 0) >= 0
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && hasNUL(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && hasNUL(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if hasNUL(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasNUL(it.Key()) || hasNUL(it.Value()) {
				return true
			}
		}
	}
	return false
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	respond.Error(w, r, a.Log, err)
}

func ok(w http.ResponseWriter, v any) { respond.JSON(w, http.StatusOK, v) }
