package api_test

import (
	"net/http"
	"strings"
	"testing"

	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// settingJSON is a setting as the API answers it.
type settingJSON struct {
	Key           string `json:"key"`
	Kind          string `json:"kind"`
	Label         string `json:"label"`
	Value         string `json:"value"`
	Source        string `json:"source"`
	Default       string `json:"default"`
	DefaultSource string `json:"default_source"`
	UpdatedBy     string `json:"updated_by"`
}

func TestSettingsAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Person(t, "root.admin", "Trần Quản Trị", "", pw, principal.Admin)
		in.Person(t, "root.authority", "Phạm Thị Hằng", "", pw, principal.Authority)
		in.Person(t, "victim", "Vũ Đức Bình", "", pw)
		admin := signIn(t, in, "root.admin", pw)

		var all list[settingJSON]
		admin.must(http.StatusOK, "GET", "/api/v1/settings", nil, &all)
		if len(all.Items) != 9 || all.Items[0].Key != "lockout_threshold" || all.Items[0].Value != "5" || all.Items[0].Source != "default" {
			t.Fatalf("list: %+v", all.Items)
		}
		if !strings.Contains(all.Items[0].Label, "đăng nhập sai") {
			t.Errorf("label not in Vietnamese: %q", all.Items[0].Label)
		}

		var v settingJSON
		admin.must(http.StatusOK, "PUT", "/api/v1/settings/lockout_threshold", map[string]string{"value": "2"}, &v)
		if v.Value != "2" || v.Source != "database" || v.Default != "5" || v.UpdatedBy != "root.admin" {
			t.Fatalf("after PUT: %+v", v)
		}

		// The next sign-in obeys the new threshold.
		for range 2 {
			anon(t, in).must(http.StatusUnauthorized, "POST", "/api/v1/login", map[string]string{"login": "victim", "password": "Sai#Mật-Khẩu-2024"}, nil)
		}
		anon(t, in).must(http.StatusUnauthorized, "POST", "/api/v1/login", map[string]string{"login": "victim", "password": pw}, nil)

		// Refusals name the rule, in Vietnamese unless asked otherwise.
		r := admin.must(http.StatusBadRequest, "PUT", "/api/v1/settings/password_min_length", map[string]string{"value": "5"}, nil)
		if e := r.err().Error; e.Code != "invalid" || !strings.Contains(e.Message, "không được nhỏ hơn 6") || len(e.Details) == 0 || !strings.Contains(e.Details[0], "Điều 7 khoản 1") {
			t.Errorf("floor refusal: %s", r)
		}
		admin.lang = "en"
		r = admin.must(http.StatusBadRequest, "PUT", "/api/v1/settings/password_min_length", map[string]string{"value": "5"}, nil)
		if e := r.err().Error; !strings.Contains(e.Message, "cannot be below 6") {
			t.Errorf("English refusal: %s", r)
		}
		admin.lang = ""
		admin.must(http.StatusBadRequest, "PUT", "/api/v1/settings/lockout_threshold", map[string]string{}, nil)
		admin.must(http.StatusBadRequest, "PUT", "/api/v1/settings/lockout_threshold", map[string]any{"value": 3}, nil)
		admin.must(http.StatusBadRequest, "PUT", "/api/v1/settings/lockout_threshold", map[string]string{"value": "3", "extra": "x"}, nil)
		admin.must(http.StatusNotFound, "PUT", "/api/v1/settings/addr", map[string]string{"value": "0.0.0.0:80"}, nil)
		admin.must(http.StatusOK, "PUT", "/api/v1/settings/totp_roles", map[string]string{"value": ""}, &v)
		if v.Value != "" || v.Source != "database" {
			t.Errorf("empty role list: %+v", v)
		}

		// Nobody else may read or change settings.
		other := signIn(t, in, "root.authority", pw)
		other.must(http.StatusForbidden, "GET", "/api/v1/settings", nil, nil)
		other.must(http.StatusForbidden, "PUT", "/api/v1/settings/lockout_threshold", map[string]string{"value": "100"}, nil)
		other.must(http.StatusForbidden, "DELETE", "/api/v1/settings/lockout_threshold", nil, nil)
		anon(t, in).must(http.StatusUnauthorized, "GET", "/api/v1/settings", nil, nil)

		admin.must(http.StatusOK, "DELETE", "/api/v1/settings/lockout_threshold", nil, &v)
		if v.Value != "5" || v.Source != "default" {
			t.Errorf("after DELETE: %+v", v)
		}
		if got := in.Main.Auth.Config().LockoutThreshold; got != 5 {
			t.Errorf("threshold in force after reset: %d", got)
		}

		// Every change is in the trail with before and after.
		var recs list[struct {
			Action   string            `json:"action"`
			TargetID string            `json:"target_id"`
			Before   map[string]string `json:"before"`
			After    map[string]string `json:"after"`
		}]
		admin.must(http.StatusOK, "GET", "/api/v1/audit?action=setting.", nil, &recs)
		if len(recs.Items) != 3 {
			t.Fatalf("%d setting records: %+v", len(recs.Items), recs.Items)
		}
		last := recs.Items[0]
		if last.Action != "setting.reset" || last.TargetID != "lockout_threshold" || last.Before["value"] != "2" || last.Before["source"] != "database" ||
			last.After["value"] != "5" || last.After["source"] != "default" {
			t.Errorf("newest record: %+v", last)
		}
	})
}
