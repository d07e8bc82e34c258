package logs

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/logs/rules"
)

// RuleView is a detection rule as listed: shipped ones cannot be changed.
type RuleView struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	TitleEN string `json:"title_en"`
	Level   string `json:"level"`
	Kind    string `json:"kind"`
	Shipped bool   `json:"shipped"`
	YAML    string `json:"yaml"`
}

var (
	msgRuleProvince = locale.T("Chỉ cơ quan chuyên trách cấp tỉnh mới viết được quy tắc phát hiện.", "Only the province's authority can write detection rules.")
	msgRuleShipped  = locale.T("Quy tắc này đi kèm attt, không sửa hay xóa được; hãy viết quy tắc mới với mã khác.", "This rule ships with attt and cannot be changed or deleted; write a new rule with another id.")
	msgRuleGone     = locale.T("Không tìm thấy quy tắc.", "Rule not found.")
)

// Rules lists the shipped and the written detection rules.
func (s *Service) Rules(ctx context.Context) ([]RuleView, error) {
	if _, err := s.scope(ctx, directory.PermLogRead, ""); err != nil {
		return nil, err
	}
	var out []RuleView
	for _, r := range s.opt.Rules {
		out = append(out, view(r, true))
	}
	custom, err := s.customRules(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range custom {
		out = append(out, view(r, false))
	}
	return out, nil
}

func view(r *rules.Rule, shipped bool) RuleView {
	return RuleView{ID: r.ID, Title: r.Title, TitleEN: r.TitleEN, Level: r.Level, Kind: r.Kind, Shipped: shipped, YAML: r.Source}
}

// SaveRule adds or replaces a written rule from its YAML (province-wide
// authority only); it takes effect at once and is audited.
func (s *Service) SaveRule(ctx context.Context, yamlText string) (*RuleView, error) {
	if err := s.mayWriteRules(ctx); err != nil {
		return nil, err
	}
	r, err := rules.Parse([]byte(yamlText))
	if err != nil {
		return nil, errs.New(errs.Invalid, locale.Tf("Quy tắc chưa đúng: %s", "The rule is not valid: %s", strings.TrimPrefix(err.Error(), "rules: ")))
	}
	if r.Kind == rules.KindSilent {
		return nil, errs.New(errs.Invalid, locale.T("Quy tắc “nguồn log ngừng gửi” đã có sẵn; thời gian chờ đặt ở từng nguồn.", "The source-silent rule ships with attt; set the interval on each source."))
	}
	if s.isShipped(r.ID) {
		return nil, errs.New(errs.Conflict, msgRuleShipped)
	}
	now := db.Millis(s.opt.Now())
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var before string
		err := tx.QueryRowContext(ctx, `SELECT yaml FROM log_rules WHERE rule_id = $1`, r.ID).Scan(&before)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO log_rules (id, rule_id, yaml, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$5)`,
				db.NewID(), r.ID, r.Source, actorID(ctx), now)
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE log_rules SET yaml = $1, updated_at = $2 WHERE rule_id = $3`, r.Source, now, r.ID)
		}
		if err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "log_rule.save", TargetType: "log_rule", TargetID: r.ID, Before: before, After: r.Source})
	})
	if err != nil {
		return nil, err
	}
	v := view(r, false)
	return &v, s.reloadRules(ctx)
}

// DeleteRule removes a written rule (audited).
func (s *Service) DeleteRule(ctx context.Context, id string) error {
	if err := s.mayWriteRules(ctx); err != nil {
		return err
	}
	if s.isShipped(id) {
		return errs.New(errs.Conflict, msgRuleShipped)
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var before string
		if err := tx.QueryRowContext(ctx, `SELECT yaml FROM log_rules WHERE rule_id = $1`, id).Scan(&before); errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.NotFound, msgRuleGone)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM log_rules WHERE rule_id = $1`, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "log_rule.delete", TargetType: "log_rule", TargetID: id, Before: before})
	})
	if err != nil {
		return err
	}
	return s.reloadRules(ctx)
}

func (s *Service) mayWriteRules(ctx context.Context) error {
	all, err := s.provinceWide(ctx, directory.PermLogManage)
	if err == nil && !all {
		err = errs.New(errs.Forbidden, msgRuleProvince)
	}
	return err
}

func (s *Service) isShipped(id string) bool {
	for _, r := range s.opt.Rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// customRules reads the written rules; one that no longer compiles is
// skipped and logged.
func (s *Service) customRules(ctx context.Context) ([]*rules.Rule, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT rule_id, yaml FROM log_rules ORDER BY rule_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*rules.Rule
	for rows.Next() {
		var id, y string
		if err := rows.Scan(&id, &y); err != nil {
			return nil, err
		}
		r, err := rules.Parse([]byte(y))
		if err != nil {
			s.opt.Log.Warn("log rule skipped", "rule", id, "err", err)
			continue
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// reloadRules gives the engine the shipped and the written rules.
func (s *Service) reloadRules(ctx context.Context) error {
	if s.engine == nil {
		return nil
	}
	custom, err := s.customRules(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	s.engine.SetRules(append(append([]*rules.Rule{}, s.opt.Rules...), custom...))
	return nil
}

// SaveRuleAs is SaveRule for an address that names the rule: the YAML's
// id must be id.
func (s *Service) SaveRuleAs(ctx context.Context, id, yamlText string) (*RuleView, error) {
	if r, err := rules.Parse([]byte(yamlText)); err == nil && r.ID != id {
		return nil, errs.New(errs.Invalid, locale.Tf("Mã quy tắc trong YAML (%s) khác mã trong địa chỉ (%s).", "The rule id in the YAML (%s) differs from the one in the address (%s).", r.ID, id))
	}
	return s.SaveRule(ctx, yamlText)
}
