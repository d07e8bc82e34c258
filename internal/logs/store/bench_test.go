package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkAppend measures durable appends in batches of 1,000 RFC 5424
// events, acknowledged after the group fsync.
func BenchmarkAppend(b *testing.B) {
	s, err := Open(Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	batch := make([]Record, 1000)
	for i := range batch {
		batch[i] = rec("A", fmt.Sprintf(`<38>1 2026-11-20T09:00:00+07:00 fw-%02d sshd 12 - - Failed password for user%d from 203.0.113.%d port 22 ssh2`, i%20, i, i%250), time.Duration(i)*time.Millisecond)
	}
	ctx := context.Background()
	var acks []Ack
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		recs := make([]Record, len(batch))
		copy(recs, batch)
		ack, err := s.Append(ctx, recs)
		if err != nil {
			b.Fatal(err)
		}
		acks = append(acks, ack)
	}
	for _, a := range acks {
		if err := a.Wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkSearchField measures a field search over 200,000 events in
// blocks on disk.
func BenchmarkSearchField(b *testing.B) {
	s, err := Open(Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for j := 0; j < 200; j++ {
		recs := make([]Record, 1000)
		for i := range recs {
			n := j*1000 + i
			recs[i] = rec("A", fmt.Sprintf(`<38>1 2026-11-20T09:00:00+07:00 fw-%02d sshd 12 - - Failed password for user%d from 203.0.113.%d port 22 ssh2`, n%20, n, n%250), time.Duration(n)*time.Millisecond)
		}
		if _, err := s.Append(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	q := Query{Orgs: []string{"A"}, From: base, To: base.Add(time.Hour), Fields: []FieldMatch{{Key: "ssh.user", Value: "user123456"}}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := s.Search(ctx, q)
		if err != nil || len(res.Events) != 1 {
			b.Fatalf("%d events, %v", len(res.Events), err)
		}
	}
}
