// Package locale holds attt's two languages: Vietnamese (the default) and
// English. User-facing text travels as a Text value carrying both, so a
// message is written once, next to the code that produces it, and rendered in
// the reader's language at the edge (HTML page, JSON error, email).
package locale

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Lang is a language tag attt can render.
type Lang string

// The languages attt speaks. VI is the default everywhere.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// Text is one message in both languages.
type Text struct {
	VI string
	EN string
}

// T builds a Text from its Vietnamese and English forms.
func T(vi, en string) Text { return Text{VI: vi, EN: en} }

// Tf builds a Text by formatting both forms with the same arguments.
func Tf(vi, en string, args ...any) Text {
	return Text{VI: fmt.Sprintf(vi, args...), EN: fmt.Sprintf(en, args...)}
}

// In returns the text in lang, falling back to Vietnamese.
func (t Text) In(lang Lang) string {
	if lang == EN && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// String returns the Vietnamese form.
func (t Text) String() string { return t.VI }

// Join concatenates texts with sep in each language.
func Join(texts []Text, sep string) Text {
	vi := make([]string, len(texts))
	en := make([]string, len(texts))
	for i, t := range texts {
		vi[i], en[i] = t.VI, t.EN
	}
	return Text{VI: strings.Join(vi, sep), EN: strings.Join(en, sep)}
}

type ctxKey struct{}

// WithLang returns ctx carrying lang.
func WithLang(ctx context.Context, lang Lang) context.Context {
	return context.WithValue(ctx, ctxKey{}, lang)
}

// FromContext returns the language carried by ctx, VI when none.
func FromContext(ctx context.Context) Lang {
	if l, ok := ctx.Value(ctxKey{}).(Lang); ok {
		return l
	}
	return VI
}

// Parse reads a language from a cookie value or an Accept-Language header:
// English only when English is asked for before Vietnamese.
func Parse(s string) Lang {
	for _, part := range strings.Split(strings.ToLower(s), ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		switch {
		case strings.HasPrefix(tag, "vi"):
			return VI
		case strings.HasPrefix(tag, "en"):
			return EN
		}
	}
	return VI
}

// Zone is Asia/Ho_Chi_Minh, the zone every time is shown in. Vietnam has kept
// UTC+7 without daylight saving since 1975, so a fixed zone is exact and does
// not depend on the machine's tz database.
var Zone = time.FixedZone("ICT", 7*60*60)

// Date formats t as dd/mm/yyyy in Asia/Ho_Chi_Minh.
func Date(t time.Time) string { return t.In(Zone).Format("02/01/2006") }

// DateTime formats t as dd/mm/yyyy HH:MM:SS in Asia/Ho_Chi_Minh.
func DateTime(t time.Time) string { return t.In(Zone).Format("02/01/2006 15:04:05") }
