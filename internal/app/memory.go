package app

import (
	"context"
	"runtime/debug"
	"time"
)

// releaseMemory hands memory back to the system once password hashing has
// gone quiet. Each Argon2id hash takes tens of MiB; Go keeps freed heap for
// a while, so without this a server that saw a burst of sign-ins would stay
// at that size for minutes on a modest machine (SPEC §4: idle ≤ 60 MB).
func (m *Main) releaseMemory(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	var seen uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			st := m.Hashing.Stats()
			if st.Admitted != seen && st.Running == 0 && st.Waiting == 0 {
				seen = st.Admitted
				debug.FreeOSMemory()
			}
		}
	}
}
