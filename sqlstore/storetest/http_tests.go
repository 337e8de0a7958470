package storetest

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// testHTTP drives the store through scs's LoadAndSave middleware, as an
// application does. Its stores judge expiry by the real clock, because scs
// computes expiries from it. The tests run in parallel: two of them wait for
// real time to pass. They run twice: as scs hands stores the session
// cookie's token, and with SessionManager.HashTokenInStore, when scs hands
// them a hash of it instead.
func (s *suite) testHTTP(t *testing.T) {
	s.runHTTP(t, httpTests{s: s})
	t.Run("HashTokenInStore", func(t *testing.T) {
		t.Parallel()
		s.runHTTP(t, httpTests{s: s, hashToken: true})
	})
}

func (s *suite) runHTTP(t *testing.T, h httpTests) {
	for _, test := range []struct {
		name string
		run  func(*testing.T)
	}{
		{"PutGet", h.testPutGet},
		{"RenewToken", h.testRenewToken},
		{"Destroy", h.testDestroy},
		{"IdleTimeout", h.testIdleTimeout},
		{"Lifetime", h.testLifetime},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			test.run(t)
		})
	}
}

// httpTests are the HTTP group's tests, with or without HashTokenInStore.
type httpTests struct {
	s         *suite
	hashToken bool
}

func (h httpTests) newApp(t *testing.T, configure func(*scs.SessionManager)) *app {
	t.Helper()
	return h.s.newApp(t, appOptions{hashToken: h.hashToken, configure: configure})
}

func (h httpTests) testPutGet(t *testing.T) {
	a := h.newApp(t, nil)
	a.get("/put?v=hello")
	if got := a.get("/get"); got != "hello" {
		t.Errorf("GET /get after /put = %q, want %q", got, "hello")
	}
	if _, found := find(t, a.store, a.stored(a.token())); !found {
		t.Errorf("Find of the session cookie's token after /put: not found, want found")
	}
	if h.hashToken {
		wantMissing(t, a.store, a.token(), "the session cookie's own token, with HashTokenInStore")
	}
}

func (h httpTests) testRenewToken(t *testing.T) {
	a := h.newApp(t, nil)
	a.get("/put?v=renewed")
	old := a.token()
	a.get("/renew")
	renewed := a.token()
	if renewed == "" || renewed == old {
		t.Fatalf("RenewToken did not change the session cookie (empty: %t)", renewed == "")
	}
	if got := a.get("/get"); got != "renewed" {
		t.Errorf("GET /get after /renew = %q, want %q", got, "renewed")
	}
	wantMissing(t, a.store, a.stored(old), "the token before RenewToken")
	if _, found := find(t, a.store, a.stored(renewed)); !found {
		t.Errorf("Find of the token after RenewToken: not found, want found")
	}
}

func (h httpTests) testDestroy(t *testing.T) {
	a := h.newApp(t, nil)
	a.get("/put?v=doomed")
	token := a.token()
	a.get("/destroy")
	if got := a.get("/get"); got != "" {
		t.Errorf("GET /get after /destroy = %q, want empty", got)
	}
	wantMissing(t, a.store, a.stored(token), "the token after Destroy")
	if got := a.getAs(token, "/get"); got != "" {
		t.Errorf("GET /get with the destroyed session's cookie = %q, want empty", got)
	}
}

func (h httpTests) testIdleTimeout(t *testing.T) {
	a := h.newApp(t, func(sm *scs.SessionManager) {
		sm.IdleTimeout = time.Second
		sm.Lifetime = time.Hour
	})
	a.get("/put?v=idle")
	if got := a.get("/get"); got != "idle" {
		t.Fatalf("GET /get right after /put = %q, want %q", got, "idle")
	}
	token := a.token()
	time.Sleep(1500 * time.Millisecond)
	// The client would have dropped its cookie by now; sending it anyway
	// makes the store, not the cookie, decide.
	if got := a.getAs(token, "/get"); got != "" {
		t.Errorf("GET /get 1.5s after the last request, with a 1s idle timeout = %q, want empty", got)
	}
	wantMissing(t, a.store, a.stored(token), "the token 1.5s after the last request, with a 1s idle timeout")
}

func (h httpTests) testLifetime(t *testing.T) {
	a := h.newApp(t, func(sm *scs.SessionManager) {
		sm.Lifetime = time.Second
	})
	start := time.Now()
	a.get("/put?v=brief")
	if got := a.get("/get"); got != "brief" {
		t.Fatalf("GET /get right after /put = %q, want %q", got, "brief")
	}
	token := a.token()
	// Activity must not extend an absolute lifetime.
	end := start.Add(1500 * time.Millisecond)
	for time.Until(end) > 250*time.Millisecond {
		time.Sleep(250 * time.Millisecond)
		a.get("/get")
	}
	time.Sleep(time.Until(end))
	if got := a.getAs(token, "/get"); got != "" {
		t.Errorf("GET /get 1.5s after /put, with a 1s lifetime = %q, want empty", got)
	}
	wantMissing(t, a.store, a.stored(token), "the token 1.5s after /put, with a 1s lifetime")
}

// app is a web application that keeps a message and a signed-in user in its
// session, served by scs over a store under test, with a client that keeps
// cookies: one device. device adds others.
type app struct {
	t         *testing.T
	sm        *scs.SessionManager
	store     scs.Store
	server    *httptest.Server
	client    *http.Client
	url       *url.URL
	cookie    string
	hashToken bool
}

// appOptions say how newApp sets up the application.
type appOptions struct {
	// hashToken sets SessionManager.HashTokenInStore.
	hashToken bool
	// principal makes the store keep each session's principal, the
	// session's "user" value (see Config.Principal).
	principal bool
	// configure, if not nil, adjusts the session manager before the server
	// starts.
	configure func(*scs.SessionManager)
}

// newApp starts an app on a fresh store. The server stops when t ends.
func (s *suite) newApp(t *testing.T, o appOptions) *app {
	t.Helper()
	var principal func([]byte) (string, bool)
	if o.principal {
		principal = principalOf
	}
	// scs.New starts a background cleanup goroutine for its default
	// in-memory store, which nothing can stop; it ticks once a minute.
	sm := scs.New()
	sm.Store = s.newRealTimeStore(t, principal)
	sm.HashTokenInStore = o.hashToken
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		t.Errorf("scs, serving %s: %v", r.URL.Path, err)
		http.Error(w, "session error", http.StatusInternalServerError)
	}
	if o.configure != nil {
		o.configure(sm)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/put", func(w http.ResponseWriter, r *http.Request) {
		sm.Put(r.Context(), "message", r.URL.Query().Get("v"))
	})
	mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sm.GetString(r.Context(), "message"))
	})
	mux.HandleFunc("/renew", func(w http.ResponseWriter, r *http.Request) {
		if err := sm.RenewToken(r.Context()); err != nil {
			sm.ErrorFunc(w, r, err)
			return
		}
		sm.Put(r.Context(), "renewed", true)
	})
	mux.HandleFunc("/destroy", func(w http.ResponseWriter, r *http.Request) {
		if err := sm.Destroy(r.Context()); err != nil {
			sm.ErrorFunc(w, r, err)
		}
	})
	if o.principal {
		handlePrincipal(mux, sm)
	}

	server := httptest.NewServer(sm.LoadAndSave(mux))
	t.Cleanup(server.Close)
	u, err := url.Parse(server.URL)
	if err != nil {
		t.Fatalf("server URL: %v", err)
	}
	a := &app{t: t, sm: sm, store: sm.Store, server: server, url: u, cookie: sm.Cookie.Name, hashToken: o.hashToken}
	a.client = a.newClient()
	return a
}

// newClient returns a client with an empty cookie jar, closed when the test
// ends.
func (a *app) newClient() *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		a.t.Fatalf("cookie jar: %v", err)
	}
	// Server.Client returns one shared client: copy it, so that each
	// device keeps its own cookies.
	client := *a.server.Client()
	client.Jar = jar
	client.Timeout = 10 * time.Second
	a.t.Cleanup(client.CloseIdleConnections)
	return &client
}

// device returns another device of the same application: its own cookies,
// the same server and store.
func (a *app) device() *app {
	d := *a
	d.client = a.newClient()
	return &d
}

// stored returns the token under which scs keeps the session whose cookie
// holds token: the token itself, or with HashTokenInStore the hash scs
// computes (SHA-256, unpadded base64url).
func (a *app) stored(token string) string {
	if !a.hashToken {
		return token
	}
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// get requests path with the client's cookies and returns the body, or
// stops the test.
func (a *app) get(path string) string {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.server.URL+path, nil)
	if err != nil {
		a.t.Fatalf("GET %s: %v", path, err)
	}
	return a.do(a.client, req)
}

// getAs requests path with a session cookie holding token and no other
// cookies, whatever the client's jar holds, and returns the body.
func (a *app) getAs(token, path string) string {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.server.URL+path, nil)
	if err != nil {
		a.t.Fatalf("GET %s: %v", path, err)
	}
	req.AddCookie(&http.Cookie{Name: a.cookie, Value: token})
	jarless := *a.client
	jarless.Jar = nil
	return a.do(&jarless, req)
}

func (a *app) do(client *http.Client, req *http.Request) string {
	a.t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		a.t.Fatalf("GET %s: %v", req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatalf("GET %s: reading the body: %v", req.URL.Path, err)
	}
	if resp.StatusCode != http.StatusOK {
		a.t.Fatalf("GET %s: status %d, want 200", req.URL.Path, resp.StatusCode)
	}
	return string(body)
}

// token returns the session token in the client's cookie jar, or "" when
// there is none.
func (a *app) token() string {
	for _, c := range a.client.Jar.Cookies(a.url) {
		if c.Name == a.cookie {
			return c.Value
		}
	}
	return ""
}
