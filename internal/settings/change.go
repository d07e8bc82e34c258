package settings

import (
	"context"
	"database/sql"
	"time"

	"attt/internal/audit"
	"attt/internal/config"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// Value is one setting as an administrator sees it: what is in force,
// where it comes from, and what Reset would bring back.
type Value struct {
	Def
	// Value is in force now, in the form Set reads.
	Value  string
	Source config.Source
	// Default is the configuration's value (defaults, file, environment,
	// flags), which Reset brings back, and DefaultSource where it is from.
	Default       string
	DefaultSource config.Source
	// UpdatedBy and UpdatedAt say who stored the value and when, when one
	// is stored.
	UpdatedBy string
	UpdatedAt time.Time
	// Stored and Ignored, when Ignored is set, are a stored value that is
	// not in force and why (it breaks a rule since the configuration
	// changed); the default applies meanwhile.
	Stored  string
	Ignored locale.Text
}

var (
	msgNoSetting = locale.T("Không có thiết lập này.", "No such setting.")
	msgNoRoot    = locale.T("Chưa có đơn vị gốc (tỉnh): chưa thể thay đổi thiết lập.", "There is no root organisation yet: settings cannot change.")
)

// List returns every setting with its value in force, read afresh from the
// database. Only administrators of the whole installation (PermSettings on
// the root organisation) may read them: Forbidden otherwise.
func (s *Service) List(ctx context.Context) ([]Value, error) {
	if _, err := s.authorize(ctx); err != nil {
		return nil, err
	}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	snap := s.Snapshot()
	var out []Value
	for _, d := range Catalogue() {
		out = append(out, s.value(snap, d))
	}
	return out, nil
}

// Get returns one setting as List does; NotFound for an unknown key.
func (s *Service) Get(ctx context.Context, key string) (*Value, error) {
	d, ok := def(key)
	if !ok {
		return nil, errs.New(errs.NotFound, msgNoSetting)
	}
	if _, err := s.authorize(ctx); err != nil {
		return nil, err
	}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	v := s.value(s.Snapshot(), d)
	return &v, nil
}

// Set stores value for key, to be in force on every node from now on. It
// refuses (Invalid, naming the rule in Vietnamese and English) a value that
// is malformed, out of bounds — never below the regulation's floor — or
// inconsistent with the other settings; NotFound for an unknown key;
// Forbidden unless the principal holds PermSettings on the root
// organisation. The change and its audit record ("setting.change", value
// and source before and after) commit together.
func (s *Service) Set(ctx context.Context, key, value string) (*Value, error) {
	d, ok := def(key)
	if !ok {
		return nil, errs.New(errs.NotFound, msgNoSetting)
	}
	rootID, err := s.authorize(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	cand := s.Effective()
	canonical, err := d.apply(&cand, value)
	if err != nil {
		return nil, err
	}
	if err := crossCheck(&cand); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, had, err := readTx(ctx, tx, key)
		if err != nil {
			return err
		}
		if had && old == canonical {
			return nil
		}
		before := s.side(key, old, had)
		if err := s.writeTx(ctx, tx, key, canonical, actor(ctx)); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "setting.change", OrgID: rootID, TargetType: "setting", TargetID: key,
			Before: before, After: map[string]string{"value": canonical, "source": string(SourceDatabase)}})
	})
	if err != nil {
		return nil, err
	}
	return s.settled(ctx, d)
}

// Reset removes the stored value of key, so the configuration's value is in
// force again on every node. It is audited ("setting.reset", before and
// after) and refused like Set when the default would break a rule tying
// settings together (change the other setting first). Resetting a setting
// that has no stored value changes nothing.
func (s *Service) Reset(ctx context.Context, key string) (*Value, error) {
	d, ok := def(key)
	if !ok {
		return nil, errs.New(errs.NotFound, msgNoSetting)
	}
	rootID, err := s.authorize(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	cand := s.Effective()
	if err := cand.Set(key, s.base.Get(key)); err != nil {
		return nil, err
	}
	if err := crossCheck(&cand); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, had, err := readTx(ctx, tx, key)
		if err != nil || !had {
			return err
		}
		if err := deleteTx(ctx, tx, key); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "setting.reset", OrgID: rootID, TargetType: "setting", TargetID: key,
			Before: s.side(key, old, true), After: s.side(key, "", false)})
	})
	if err != nil {
		return nil, err
	}
	return s.settled(ctx, d)
}

// settled reloads after a change on this node, so it is in force here at
// once, and returns the setting as it now stands. The change is committed
// whatever happens here: a failed reload is logged and the next one (Run)
// catches up.
func (s *Service) settled(ctx context.Context, d Def) (*Value, error) {
	if err := s.Reload(ctx); err != nil {
		s.log.Warn("settings: reload after change", "key", d.Key, "err", err)
	}
	v := s.value(s.Snapshot(), d)
	return &v, nil
}

// side is one side of an audited change: the stored value, or the
// configuration's when none is stored.
func (s *Service) side(key, stored string, had bool) map[string]string {
	if had {
		return map[string]string{"value": stored, "source": string(SourceDatabase)}
	}
	return map[string]string{"value": s.base.Get(key), "source": string(s.base.SourceOf(key))}
}

// value describes d as snap has it.
func (s *Service) value(snap *Snapshot, d Def) Value {
	v := Value{Def: d, Value: snap.Config.Get(d.Key), Source: s.base.SourceOf(d.Key),
		Default: s.base.Get(d.Key), DefaultSource: s.base.SourceOf(d.Key)}
	if r, ok := snap.stored[d.Key]; ok {
		v.UpdatedBy, v.UpdatedAt = r.by, r.at
		if why, bad := snap.ignored[d.Key]; bad {
			v.Stored, v.Ignored = r.value, why
		} else {
			v.Source = SourceDatabase
		}
	}
	return v
}

// authorize lets through the holders of PermSettings on the root
// organisation (administrators of the whole installation) and returns the
// root's id, which the audit records carry.
func (s *Service) authorize(ctx context.Context) (string, error) {
	if principal.From(ctx) == nil {
		return "", s.dir.Authorize(ctx, directory.PermSettings, "")
	}
	root, err := s.dir.Root(ctx)
	if errs.Is(err, errs.NotFound) {
		return "", errs.New(errs.Unavailable, msgNoRoot)
	}
	if err != nil {
		return "", err
	}
	if err := s.dir.Authorize(ctx, directory.PermSettings, root.ID); err != nil {
		return "", err
	}
	return root.ID, nil
}

// actor names who changes a setting, for the table's updated_by.
func actor(ctx context.Context) string {
	if p := principal.From(ctx); p != nil {
		return p.Login
	}
	return ""
}

// asText is the user-facing message of err.
func asText(err error) locale.Text {
	e := errs.As(err)
	if len(e.Details) == 0 {
		return e.Msg
	}
	return locale.Join(append([]locale.Text{e.Msg}, e.Details...), " ")
}
