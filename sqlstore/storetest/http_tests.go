package storetest

import (
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
// real time to pass.
func (s *suite) testHTTP(t *testing.T) {
	for _, test := range []struct {
		name string
		run  func(*testing.T)
	}{
		{"PutGet", s.testHTTPPutGet},
		{"RenewToken", s.testHTTPRenewToken},
		{"Destroy", s.testHTTPDestroy},
		{"IdleTimeout", s.testHTTPIdleTimeout},
		{"Lifetime", s.testHTTPLifetime},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			test.run(t)
		})
	}
}

func (s *suite) testHTTPPutGet(t *testing.T) {
	a := s.newApp(t, nil)
	a.get("/put?v=hello")
	if got := a.get("/get"); got != "hello" {
		t.Errorf("GET /get after /put = %q, want %q", got, "hello")
	}
	if _, found := find(t, a.store, a.token()); !found {
		t.Errorf("Find of the session cookie's token after /put: not found, want found")
	}
}

func (s *suite) testHTTPRenewToken(t *testing.T) {
	a := s.newApp(t, nil)
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
	wantMissing(t, a.store, old, "the token before RenewToken")
	if _, found := find(t, a.store, renewed); !found {
		t.Errorf("Find of the token after RenewToken: not found, want found")
	}
}

func (s *suite) testHTTPDestroy(t *testing.T) {
	a := s.newApp(t, nil)
	a.get("/put?v=doomed")
	token := a.token()
	a.get("/destroy")
	if got := a.get("/get"); got != "" {
		t.Errorf("GET /get after /destroy = %q, want empty", got)
	}
	wantMissing(t, a.store, token, "the token after Destroy")
	if got := a.getAs(token, "/get"); got != "" {
		t.Errorf("GET /get with the destroyed session's cookie = %q, want empty", got)
	}
}

func (s *suite) testHTTPIdleTimeout(t *testing.T) {
	a := s.newApp(t, func(sm *scs.SessionManager) {
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
	wantMissing(t, a.store, token, "the token 1.5s after the last request, with a 1s idle timeout")
}

func (s *suite) testHTTPLifetime(t *testing.T) {
	a := s.newApp(t, func(sm *scs.SessionManager) {
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
	wantMissing(t, a.store, token, "the token 1.5s after /put, with a 1s lifetime")
}

// app is a web application that keeps a message in its session, served by
// scs over a store under test, with a client that keeps cookies.
type app struct {
	t      *testing.T
	store  scs.Store
	server *httptest.Server
	client *http.Client
	url    *url.URL
	cookie string
}

// newApp starts an app on a fresh store; configure, if not nil, adjusts the
// session manager before the server starts. The server stops when t ends.
func (s *suite) newApp(t *testing.T, configure func(*scs.SessionManager)) *app {
	t.Helper()
	// scs.New starts a background cleanup goroutine for its default
	// in-memory store, which nothing can stop; it ticks once a minute.
	sm := scs.New()
	sm.Store = s.newRealTimeStore(t)
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		t.Errorf("scs, serving %s: %v", r.URL.Path, err)
		http.Error(w, "session error", http.StatusInternalServerError)
	}
	if configure != nil {
		configure(sm)
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

	server := httptest.NewServer(sm.LoadAndSave(mux))
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("cookie jar: %v", err)
	}
	client := server.Client()
	client.Jar = jar
	client.Timeout = 10 * time.Second
	t.Cleanup(func() {
		client.CloseIdleConnections()
		server.Close()
	})

	u, err := url.Parse(server.URL)
	if err != nil {
		t.Fatalf("server URL: %v", err)
	}
	return &app{t: t, store: sm.Store, server: server, client: client, url: u, cookie: sm.Cookie.Name}
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
