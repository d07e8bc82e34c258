package auth

import (
	"context"
	"database/sql"

	"attt/internal/auth/password"
	"attt/internal/directory"
)

// CreateAccount creates a person and, when pw is given, sets it as their
// password and activates the account in the same transaction — used by the
// command line and imports, where the password comes from a trusted
// channel. pw must pass the policy. Without pw the account stays pending
// until its owner uses an activation link.
func (s *Service) CreateAccount(ctx context.Context, in directory.PersonInput, pw string) (*directory.Person, error) {
	var hash string
	if pw != "" {
		if err := s.checker.Check(pw, in.Login, in.FullName); err != nil {
			return nil, err
		}
		var herr error
		if err := s.hashing.Do(ctx, func() { hash, herr = password.Hash(pw, s.cfg.Hash) }); err != nil {
			return nil, err
		}
		if herr != nil {
			return nil, herr
		}
	}
	var p *directory.Person
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = s.dir.CreatePersonTx(ctx, tx, in); err != nil || hash == "" {
			return err
		}
		if err := s.setPasswordTx(ctx, tx, p, hash); err != nil {
			return err
		}
		p, err = s.dir.SetStatusTx(ctx, tx, p.ID, directory.StatusActive, "person.activate")
		return err
	})
	return p, err
}
