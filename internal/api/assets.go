package api

import (
	"errors"
	"io"
	"net/http"

	"attt/internal/asset"
	"attt/internal/asset/agentwire"
	"attt/internal/errs"
	"attt/internal/export"
	"attt/internal/locale"
)

// assetFilter reads the filters of GET /api/v1/assets and its export.
func assetFilter(r *http.Request) (asset.Filter, error) {
	retired, err := boolParam(r, "retired")
	if err != nil {
		return asset.Filter{}, err
	}
	secret, err := boolParam(r, "secret")
	if err != nil {
		return asset.Filter{}, err
	}
	limit, offset, err := pageParams(r)
	if err != nil {
		return asset.Filter{}, err
	}
	q := r.URL.Query()
	return asset.Filter{OrgID: q.Get("org"), Kind: asset.Kind(q.Get("kind")), Text: q.Get("q"), Control: asset.ControlKind(q.Get("control")),
		Status: asset.Status(q.Get("status")), Seen: q.Get("seen"), Retired: retired, Secret: secret, Limit: limit, Offset: offset}, nil
}

// listAssets: GET /api/v1/assets?org=&kind=&q=&control=&status=&seen=&retired=&limit=&offset=
func (a *API) listAssets(w http.ResponseWriter, r *http.Request) {
	f, err := assetFilter(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	found, err := a.Assets.List(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, found)
}

// createAsset: POST /api/v1/assets with an asset.Input.
func (a *API) createAsset(w http.ResponseWriter, r *http.Request) {
	var in asset.Input
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := a.Assets.Create(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, x)
}

func (a *API) getAsset(w http.ResponseWriter, r *http.Request) {
	x, err := a.Assets.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, x)
}

// updateAsset: PUT /api/v1/assets/{id} with the whole asset.Input.
func (a *API) updateAsset(w http.ResponseWriter, r *http.Request) {
	var in asset.Input
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := a.Assets.Update(r.Context(), r.PathValue("id"), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, x)
}

func (a *API) retireAsset(w http.ResponseWriter, r *http.Request)  { a.setRetired(w, r, true) }
func (a *API) restoreAsset(w http.ResponseWriter, r *http.Request) { a.setRetired(w, r, false) }

func (a *API) setRetired(w http.ResponseWriter, r *http.Request, retired bool) {
	x, err := a.Assets.SetRetired(r.Context(), r.PathValue("id"), retired)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, x)
}

// assetControls: GET /api/v1/assets/{id}/controls — every control, graded.
func (a *API) assetControls(w http.ResponseWriter, r *http.Request) {
	cs, err := a.Assets.Controls(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, cs)
}

// declareControl: PUT /api/v1/assets/{id}/controls/{control} — a person's
// declaration of the control's state with its evidence.
func (a *API) declareControl(w http.ResponseWriter, r *http.Request) {
	var in asset.ControlInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	in.Kind = asset.ControlKind(r.PathValue("control"))
	c, err := a.Assets.Declare(r.Context(), r.PathValue("id"), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, c)
}

// assetSoftware: GET /api/v1/assets/{id}/software — as last reported.
func (a *API) assetSoftware(w http.ResponseWriter, r *http.Request) {
	sw, err := a.Assets.SoftwareOf(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, sw)
}

func (a *API) importAssets(w http.ResponseWriter, r *http.Request) {
	a.importFile(w, r, a.Assets.Import)
}

// exportAssets: GET /api/v1/assets/export?format=xlsx|csv&… (the filters of
// GET /api/v1/assets) — recorded in the audit trail.
func (a *API) exportAssets(w http.ResponseWriter, r *http.Request) {
	format, err := formatParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f, err := assetFilter(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	file, err := export.Assets(r.Context(), a.Assets, f, format)
	a.send(w, r, file, err)
}

// listEnrolments: GET /api/v1/agent-enrolments?org=
func (a *API) listEnrolments(w http.ResponseWriter, r *http.Request) {
	es, err := a.Assets.ListEnrolments(r.Context(), r.URL.Query().Get("org"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, es)
}

// createEnrolment: POST /api/v1/agent-enrolments {"org","label","offline","days"}
// — answers the token once.
func (a *API) createEnrolment(w http.ResponseWriter, r *http.Request) {
	var in asset.EnrolmentInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	e, err := a.Assets.CreateEnrolment(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, e)
}

func (a *API) revokeEnrolment(w http.ResponseWriter, r *http.Request) {
	if err := a.Assets.RevokeEnrolment(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}

// listAgents: GET /api/v1/agents?org=
func (a *API) listAgents(w http.ResponseWriter, r *http.Request) {
	gs, err := a.Assets.ListAgents(r.Context(), r.URL.Query().Get("org"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, gs)
}

func (a *API) revokeAgent(w http.ResponseWriter, r *http.Request) {
	if err := a.Assets.RevokeAgent(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}

// uploadOffline: POST /api/v1/assets/offline-report — multipart "file":
// the signed report file of the off-network computer.
func (a *API) uploadOffline(w http.ResponseWriter, r *http.Request) {
	_, file, err := uploaded(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer file.Close()
	id, err := a.Assets.UploadOffline(r.Context(), file)
	if err != nil {
		a.fail(w, r, uploadError(err))
		return
	}
	ok(w, map[string]string{"asset_id": id})
}

// agentEnroll: POST /api/v1/agent/enroll — public; the one-time token is
// the credential.
func (a *API) agentEnroll(w http.ResponseWriter, r *http.Request) {
	var in agentwire.EnrollRequest
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	res, err := a.Assets.Enroll(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, res)
}

// agentReport: POST /api/v1/agent/report — public; signed by the agent
// (see package agentwire).
func (a *API) agentReport(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		a.fail(w, r, errs.New(errs.TooLarge, locale.T("Báo cáo quá lớn.", "The report is too large.")))
		return
	}
	if err != nil {
		a.fail(w, r, errs.Wrap(errs.Invalid, locale.T("Không đọc được báo cáo.", "The report could not be read."), err))
		return
	}
	err = a.Assets.Report(r.Context(), asset.SignedReport{AgentID: r.Header.Get(agentwire.HeaderAgent), Timestamp: r.Header.Get(agentwire.HeaderTimestamp),
		Nonce: r.Header.Get(agentwire.HeaderNonce), Signature: r.Header.Get(agentwire.HeaderSignature), Body: body})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}

// assetCoverage: GET /api/v1/assets/coverage?org= — antivirus, backup,
// software, password and off-network coverage, never-seen and stale
// computers, for the subtree and each agency under it.
func (a *API) assetCoverage(w http.ResponseWriter, r *http.Request) {
	rep, err := a.Assets.Coverage(r.Context(), r.URL.Query().Get("org"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, rep)
}

// listApprovals: GET /api/v1/approved-software?org= — the list in force
// for an organisation (its own patterns and the inherited default).
func (a *API) listApprovals(w http.ResponseWriter, r *http.Request) {
	org := r.URL.Query().Get("org")
	if err := required("org", org); err != nil {
		a.fail(w, r, err)
		return
	}
	l, err := a.Assets.Approvals(r.Context(), org)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, l)
}

// addApproval: POST /api/v1/approved-software {"org","name","publisher","version","note"}
func (a *API) addApproval(w http.ResponseWriter, r *http.Request) {
	var in asset.ApprovalInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := a.Assets.AddApproval(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, x)
}

func (a *API) removeApproval(w http.ResponseWriter, r *http.Request) {
	if err := a.Assets.RemoveApproval(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}

// listSoftwareFindings: GET /api/v1/software-findings?org=&asset=&status=open|approved|removed|excepted|all&limit=
func (a *API) listSoftwareFindings(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r, "limit", 1, 5000)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	fs, err := a.Assets.ListFindings(r.Context(), asset.FindingFilter{OrgID: q.Get("org"), AssetID: q.Get("asset"), Status: asset.FindingStatus(q.Get("status")), Limit: int(limit)})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, fs)
}

// resolveSoftwareFinding: POST /api/v1/software-findings/{id}/resolve {"action","reason","expires"}
func (a *API) resolveSoftwareFinding(w http.ResponseWriter, r *http.Request) {
	var in asset.Resolution
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	f, err := a.Assets.ResolveFinding(r.Context(), r.PathValue("id"), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, f)
}

// listConnections: GET /api/v1/dc-connections?org=&status= — the agency's
// connections to the data integration centre, or those the caller reviews.
func (a *API) listConnections(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cs, err := a.Assets.ListConnections(r.Context(), q.Get("org"), asset.ConnStatus(q.Get("status")))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, cs)
}

// registerConnection: POST /api/v1/dc-connections with a ConnectionInput.
func (a *API) registerConnection(w http.ResponseWriter, r *http.Request) {
	var in asset.ConnectionInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Assets.RegisterConnection(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, c)
}

func (a *API) getConnection(w http.ResponseWriter, r *http.Request) {
	c, err := a.Assets.GetConnection(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, c)
}

// updateConnection: PUT /api/v1/dc-connections/{id} — back to review.
func (a *API) updateConnection(w http.ResponseWriter, r *http.Request) {
	var in asset.ConnectionInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Assets.UpdateConnection(r.Context(), r.PathValue("id"), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, c)
}

// decideConnection: POST /api/v1/dc-connections/{id}/decision {"action":"approve|reject|changes","note"}
func (a *API) decideConnection(w http.ResponseWriter, r *http.Request) {
	var d asset.Decision
	if err := decode(r, &d); err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Assets.DecideConnection(r.Context(), r.PathValue("id"), d)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, c)
}
