package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"attt/internal/principal"
)

// TestLoginOverAPI proves the whole program starts and a person signs in.
func TestLoginOverAPI(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := map[bool]string{false: "sqlite", true: "postgres"}[pg]
		t.Run(name, func(t *testing.T) {
			in := Start(t, Options{Postgres: pg})
			in.Person(t, "an.nv", "Nguyễn Văn An", "", "Sông-Hồng#Phố-Hiến-1987", principal.Officer)
			body, _ := json.Marshal(map[string]string{"login": "an.nv", "password": "Sông-Hồng#Phố-Hiến-1987"})
			res, err := http.Post(in.URL+"/api/v1/login", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var ans struct{ Token string }
			if err := json.NewDecoder(res.Body).Decode(&ans); err != nil || res.StatusCode != 200 || ans.Token == "" {
				t.Fatalf("login: status %d err %v", res.StatusCode, err)
			}
			req, _ := http.NewRequest("GET", in.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+ans.Token)
			me, err := http.DefaultClient.Do(req)
			if err != nil || me.StatusCode != 200 {
				t.Fatalf("me: %v %v", me.StatusCode, err)
			}
			me.Body.Close()
		})
	}
}
