package api

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzSplitBatch feeds arbitrary POST /api/v1/logs bodies to the batch
// splitter: it never panics, and every non-blank body yields at least one
// object to keep (raw and flagged when it is not JSON), a clear error, or
// nothing for a valid empty batch ([] or {"events":[]}).
// Seeds live in testdata/fuzz/FuzzSplitBatch.
func FuzzSplitBatch(f *testing.F) {
	for _, s := range []string{`[{"message":"a"},{"message":"b"}]`, `{"events":[{"a":1}]}`, "{\"a\":1}\n{\"b\":2}\n", `[{"broken`, "\n\n", `{"events":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		objs, err := splitBatch(body)
		if err != nil {
			return
		}
		if len(bytes.TrimSpace(body)) > 0 && len(objs) == 0 && !json.Valid(body) {
			t.Fatalf("non-blank body %q lost entirely", body)
		}
	})
}
