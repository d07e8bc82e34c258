package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, func(string) string { return "" })
	return code, out.String(), errOut.String()
}

func TestUserCreateAndAuditVerify(t *testing.T) {
	data := t.TempDir()
	code, _, stderr := runCmd(t, "Matkhau@123\n", "user", "create", "--data", data, "--login", "an.nv", "--name", "Nguyễn Văn An", "--role", "officer", "--password-stdin")
	if code == 0 || !strings.Contains(stderr, "phổ biến") {
		t.Fatalf("a common password must be refused naming the rule: code %d, %q", code, stderr)
	}
	code, _, _ = runCmd(t, "", "user", "link", "--data", data, "--login", "an.nv")
	if code == 0 {
		t.Fatal("a refused password must leave no account behind")
	}
	code, stdout, stderr := runCmd(t, "Sông-Hồng#Phố-Hiến-1987\n", "user", "create", "--data", data, "--login", "an.nv", "--name", "Nguyễn Văn An", "--role", "officer", "--password-stdin")
	if code != 0 || !strings.Contains(stdout, "an.nv") {
		t.Fatalf("create: code %d out %q err %q", code, stdout, stderr)
	}
	code, stdout, _ = runCmd(t, "", "user", "create", "--data", data, "--login", "binh.tt", "--name", "Trần Thị Bình")
	if code != 0 || !strings.Contains(stdout, "/link/") {
		t.Fatalf("without --password-stdin a one-time link is printed: %d %q", code, stdout)
	}
	code, stdout, _ = runCmd(t, "", "audit", "verify", "--data", data)
	if code != 0 || !strings.Contains(stdout, "intact") {
		t.Fatalf("verify on an intact trail: %d %q", code, stdout)
	}

	// Tamper as someone with the database file would: drop the guard, edit.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "attt.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_events_no_update", "UPDATE audit_events SET actor_login = 'someone' WHERE seq = 3"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, stdout, _ = runCmd(t, "", "audit", "verify", "--data", data)
	if code != 2 || !strings.Contains(stdout, "record 3") {
		t.Fatalf("verify after tampering: code %d %q", code, stdout)
	}
}

func TestHelpAndUnknownCommand(t *testing.T) {
	if code, out, _ := runCmd(t, "", "help"); code != 0 || !strings.Contains(out, "ATTT_LOCKOUT_THRESHOLD") {
		t.Fatalf("help: %d %q", code, out)
	}
	if code, _, _ := runCmd(t, "", "frobnicate"); code == 0 {
		t.Fatal("an unknown command must fail")
	}
}
