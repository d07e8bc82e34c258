// Package agent is the endpoint agent (`attt agent`): it enrols with a
// one-time token, then collects host facts (Collect) and sends them to the
// server signed with its own secret, once or periodically. On the
// off-network computer for secret documents it writes a signed report file
// instead (WriteOffline). The protocol is in asset/agentwire.
package agent

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"attt/internal/asset/agentwire"
)

// Options configure a run.
type Options struct {
	// Server is the attt base URL (https:// in production).
	Server string
	// Token is the one-time enrolment token, used when State holds no
	// identity yet.
	Token string
	// State is the file keeping the agent's identity and secret (0600).
	State    string
	Interval time.Duration
	Collect  CollectOptions
	// TLS, when set, is the client TLS configuration (a private CA).
	TLS  *tls.Config
	Log  *slog.Logger
	HTTP *http.Client
}

// State is what an enrolled agent keeps on disk.
type State struct {
	Server  string `json:"server"`
	AgentID string `json:"agent_id"`
	Secret  string `json:"secret"`
	AssetID string `json:"asset_id"`
}

// DefaultStatePath is where the state file lives unless told otherwise.
func DefaultStatePath() string {
	if dir, err := os.UserConfigDir(); err == nil && os.Geteuid() != 0 {
		return filepath.Join(dir, "attt-agent", "state.json")
	}
	if os.PathSeparator == '\\' {
		return `C:\ProgramData\attt-agent\state.json`
	}
	return "/var/lib/attt-agent/state.json"
}

func (o *Options) client() *http.Client {
	if o.HTTP != nil {
		return o.HTTP
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = o.TLS
	return &http.Client{Timeout: 60 * time.Second, Transport: tr}
}

// Once enrols if needed and sends one report.
func Once(ctx context.Context, o Options) error {
	st, err := Ensure(ctx, o)
	if err != nil {
		return err
	}
	return Send(ctx, o, st, Collect(ctx, o.Collect))
}

// Run enrols if needed and reports every Interval (with some jitter)
// until ctx ends; a failed report is logged and retried next time.
func Run(ctx context.Context, o Options) error {
	st, err := Ensure(ctx, o)
	if err != nil {
		return err
	}
	if o.Interval <= 0 {
		o.Interval = time.Hour
	}
	for {
		if err := Send(ctx, o, st, Collect(ctx, o.Collect)); err != nil && o.Log != nil {
			o.Log.Warn("agent report failed", "err", err)
		}
		wait := o.Interval + time.Duration(rand.Int64N(int64(o.Interval/10)+1))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// Ensure returns the saved identity, or enrols with the token and saves it.
func Ensure(ctx context.Context, o Options) (*State, error) {
	if data, err := os.ReadFile(o.State); err == nil {
		var st State
		if err := json.Unmarshal(data, &st); err != nil || st.AgentID == "" || st.Secret == "" {
			return nil, fmt.Errorf("agent: state file %s is damaged; remove it and enrol again", o.State)
		}
		if o.Server != "" && strings.TrimRight(o.Server, "/") != st.Server {
			return nil, fmt.Errorf("agent: state file %s belongs to %s, not %s", o.State, st.Server, o.Server)
		}
		return &st, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("agent: read state: %w", err)
	}
	if o.Token == "" {
		return nil, errors.New("agent: not enrolled yet: give --token")
	}
	host, _ := os.Hostname()
	var res agentwire.EnrollResponse
	if err := post(ctx, o, agentwire.PathEnroll, agentwire.EnrollRequest{Token: o.Token, Hostname: strings.ToLower(host), Version: Version}, nil, &res); err != nil {
		return nil, fmt.Errorf("agent: enrol: %w", err)
	}
	st := &State{Server: strings.TrimRight(o.Server, "/"), AgentID: res.AgentID, Secret: res.Secret, AssetID: res.AssetID}
	if err := saveState(o.State, st); err != nil {
		return nil, err
	}
	return st, nil
}

func saveState(path string, st *State) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("agent: state dir: %w", err)
	}
	data, _ := json.MarshalIndent(st, "", "  ")
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("agent: write state: %w", err)
	}
	return os.Rename(tmp, path)
}

// Send signs and posts one report.
func Send(ctx context.Context, o Options, st *State, r *agentwire.Report) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	ts, nonce := agentwire.Timestamp(time.Now()), agentwire.NewNonce()
	h := http.Header{}
	h.Set(agentwire.HeaderAgent, st.AgentID)
	h.Set(agentwire.HeaderTimestamp, ts)
	h.Set(agentwire.HeaderNonce, nonce)
	h.Set(agentwire.HeaderSignature, agentwire.Sign(st.Secret, ts, nonce, body))
	o.Server = st.Server
	return post(ctx, o, agentwire.PathReport, json.RawMessage(body), h, nil)
}

// post sends JSON and decodes the answer; a non-2xx answer becomes an
// error carrying the server's message.
func post(ctx context.Context, o Options, path string, in any, h http.Header, out any) error {
	u, err := url.Parse(strings.TrimRight(o.Server, "/") + path)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("bad server URL %q", o.Server)
	}
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := o.client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("server answered %s: %s", resp.Status, strings.TrimSpace(string(data)))
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// WriteOffline collects a report and writes it to path as a signed offline
// report file under an offline token (no network is used).
func WriteOffline(ctx context.Context, token, path string, co CollectOptions) error {
	if agentwire.TokenID(token) == "" {
		return errors.New("agent: the offline token is not valid")
	}
	body, err := json.Marshal(Collect(ctx, co))
	if err != nil {
		return err
	}
	f := agentwire.SignOffline(token, agentwire.Timestamp(time.Now()), agentwire.NewNonce(), body)
	data, _ := json.MarshalIndent(f, "", " ")
	return os.WriteFile(path, data, 0o600)
}
