package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"attt/internal/db"
)

// computeHash is SHA-256 over every stored field but the hash itself, each
// length-prefixed so no two different records serialise alike.
func (r *Record) computeHash() string {
	fields := []string{
		strconv.FormatInt(r.Seq, 10), r.ID, strconv.FormatInt(db.Millis(r.At), 10),
		r.ActorID, r.ActorLogin, r.OrgID, r.Action, r.TargetType, r.TargetID,
		r.IP, r.UserAgent, r.Before, r.After, r.Note, r.PrevHash,
	}
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte(';')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}
