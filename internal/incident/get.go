package incident

import (
	"context"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
)

// need is what an action requires of the viewer.
type need int

const (
	needSee need = iota
	needContribute
	needManage
	needCoordinate
)

var msgClosed = locale.T("Sự cố đã đóng; không thể thay đổi.", "The incident is closed and cannot be changed.")

// act loads an incident and checks the principal may do what the action
// needs; changes to a closed incident are refused.
func (s *Service) act(ctx context.Context, q db.Querier, id string, n need) (*Incident, View, error) {
	inc, path, err := getIncident(ctx, q, id)
	if errs.Is(err, errs.NotFound) {
		return nil, View{}, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if err != nil {
		return nil, View{}, err
	}
	v, err := s.view(ctx, q, inc, path)
	if err != nil {
		return nil, View{}, err
	}
	ok := true
	switch n {
	case needContribute:
		ok = v.Contribute
	case needManage:
		ok = v.Manage
	case needCoordinate:
		ok = v.Coordinate
	}
	if !ok {
		return nil, View{}, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if n != needSee && !inc.Status.Open() {
		return nil, View{}, errs.New(errs.Conflict, msgClosed)
	}
	inc.View = v
	return inc, v, nil
}

// Get returns an incident with the parts the viewer may see. Unknown and
// out-of-reach ids both answer Forbidden.
func (s *Service) Get(ctx context.Context, id string) (*Incident, error) {
	inc, _, err := s.act(ctx, s.db.R, id, needSee)
	if err != nil {
		return nil, err
	}
	if !inc.View.Full {
		inc.Containment, inc.Cause, inc.Impact, inc.ActionsTaken, inc.Lessons = "", "", "", "", ""
		inc.EscalationReason, inc.ReporterContact = "", ""
		if !inc.View.Guest {
			inc.SupportRequested = ""
		}
	}
	if err := loadParts(ctx, s.db.R, inc, orgOf(ctx)); err != nil {
		return nil, err
	}
	return inc, nil
}
