package api_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"attt/internal/api"
)

// TestOpenAPICoversRoutes walks Routes() and the served OpenAPI document
// both ways: every route is documented, every documented operation is
// routed, path parameters are declared, answers are described, and every
// $ref resolves.
func TestOpenAPICoversRoutes(t *testing.T) {
	in := start(t, false)
	r := anon(t, in).must(200, "GET", "/api/v1/openapi.json", nil, nil)
	var doc map[string]any
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.0.") {
		t.Errorf("openapi version %q", v)
	}
	schemes, _ := dig(doc, "components", "securitySchemes").(map[string]any)
	for _, s := range []string{"bearerAuth", "cookieAuth"} {
		if schemes[s] == nil {
			t.Errorf("security scheme %s missing", s)
		}
	}
	if dig(doc, "components", "schemas", "Error", "properties", "error") == nil {
		t.Error("error schema missing")
	}

	routed := map[string]api.Route{}
	for _, rt := range api.New(api.Deps{}).Routes() {
		key := rt.Method + " " + rt.Path
		if _, dup := routed[key]; dup {
			t.Errorf("route %s twice", key)
		}
		routed[key] = rt
	}
	paths, _ := doc["paths"].(map[string]any)
	documented := map[string]bool{}
	param := regexp.MustCompile(`\{([a-z_]+)\}`)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, o := range ops {
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			op, _ := o.(map[string]any)
			rt, ok := routed[key]
			if !ok {
				t.Errorf("documented but not routed: %s", key)
				continue
			}
			if s, _ := op["summary"].(string); s == "" {
				t.Errorf("%s: no summary", key)
			}
			resps, _ := op["responses"].(map[string]any)
			if resps["200"] == nil && resps["201"] == nil {
				t.Errorf("%s: no success answer", key)
			}
			if !rt.Public && resps["401"] == nil {
				t.Errorf("%s: 401 not described", key)
			}
			if sec, isSet := op["security"]; rt.Public != (isSet && len(sec.([]any)) == 0) {
				t.Errorf("%s: public=%v but security=%v", key, rt.Public, sec)
			}
			var declared []string
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if pm["in"] == "path" {
					declared = append(declared, pm["name"].(string))
				}
			}
			for _, m := range param.FindAllStringSubmatch(path, -1) {
				if !slices.Contains(declared, m[1]) {
					t.Errorf("%s: path parameter %s not declared", key, m[1])
				}
			}
			if rb, ok := op["requestBody"].(map[string]any); ok && (method == "get" || method == "delete") {
				t.Errorf("%s: request body on %s: %v", key, method, rb)
			}
		}
	}
	for key := range routed {
		if !documented[key] {
			t.Errorf("routed but not documented: %s", key)
		}
	}
	checkRefs(t, doc, doc)
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// checkRefs fails for each local $ref that points nowhere.
func checkRefs(t *testing.T, doc, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "$ref" {
				ref, _ := e.(string)
				if !strings.HasPrefix(ref, "#/") || dig(doc, strings.Split(strings.TrimPrefix(ref, "#/"), "/")...) == nil {
					t.Errorf("unresolved $ref %q", ref)
				}
				continue
			}
			checkRefs(t, doc, e)
		}
	case []any:
		for _, e := range x {
			checkRefs(t, doc, e)
		}
	}
}
