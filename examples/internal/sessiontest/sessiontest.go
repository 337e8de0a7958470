// Package sessiontest drives an example application over HTTP, as a browser would, and checks
// its sessions: put and get, a new token on login, nothing left after logout.
package sessiontest

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2"
	_ "github.com/mattn/go-sqlite3"
	"go.uber.org/goleak"

	"github.com/scsql/scsql/sqlite3store"
)

// IgnoreMemstore is for goleak: scs.New always starts a memstore cleanup goroutine that cannot
// be stopped; it is scs's, not the example's.
var IgnoreMemstore = goleak.IgnoreTopFunction("github.com/alexedwards/scs/v2/memstore.(*MemStore).startCleanup")

// Run serves the application newApp makes and checks its sessions, kept in a SQLite file by
// sqlite3store. The application must serve GET /put (store a message), GET /get (print it),
// POST /login (renew the token, store the form's user), GET /whoami (print the user) and
// POST /logout (destroy the session).
func Run(t *testing.T, newApp func(*scs.SessionManager) http.Handler) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "sessions.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := sqlite3store.NewWithCleanupInterval(db, 0)
	defer store.Close()
	if err := store.CreateTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	sessionManager := scs.New()
	sessionManager.Store = store

	srv := httptest.NewServer(newApp(sessionManager))
	defer srv.Close()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, srv: srv, client: &http.Client{Jar: jar}, name: sessionManager.Cookie.Name}
	defer srv.Client().CloseIdleConnections()
	defer b.client.CloseIdleConnections()

	// Put and get.
	b.want("GET", "/get", "")
	b.want("GET", "/put", "stored")
	first := b.token()
	if first == "" {
		t.Fatal("no session cookie after /put")
	}
	b.want("GET", "/get", "Hello from a session!")
	if _, found, err := store.Find(first); err != nil || !found {
		t.Fatalf("the session is not in the store: found %v, %v", found, err)
	}

	// Login renews the token: the data moves to the new one, the old one finds nothing.
	b.want("POST", "/login", "logged in")
	second := b.token()
	if second == "" || second == first {
		t.Fatal("login did not give a new session token")
	}
	b.want("GET", "/whoami", "alice")
	b.want("GET", "/get", "Hello from a session!")
	if _, found, err := store.Find(first); err != nil || found {
		t.Errorf("the token before login still finds a session: found %v, %v", found, err)
	}
	if got := b.withToken(first, "/get"); got != "" {
		t.Errorf("GET /get with the token before login = %q, want nothing", got)
	}

	// Logout destroys the session, in the store and in the browser.
	b.want("POST", "/logout", "logged out")
	if b.token() != "" {
		t.Error("the session cookie is still there after logout")
	}
	b.want("GET", "/whoami", "")
	if _, found, err := store.Find(second); err != nil || found {
		t.Errorf("the session is still in the store after logout: found %v, %v", found, err)
	}
}

type browser struct {
	t      *testing.T
	srv    *httptest.Server
	client *http.Client
	name   string // the session cookie's name
}

// want makes a request with the browser's cookies and checks the answer's body.
func (b *browser) want(method, path, body string) {
	b.t.Helper()
	var form io.Reader
	if method == "POST" {
		form = strings.NewReader(url.Values{"user": {"alice"}}.Encode())
	}
	req, err := http.NewRequest(method, b.srv.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if got := b.do(b.client, req); got != body {
		b.t.Errorf("%s %s = %q, want %q", method, path, got, body)
	}
}

// withToken makes a GET request with only the given session token, outside the browser.
func (b *browser) withToken(token, path string) string {
	b.t.Helper()
	req, err := http.NewRequest("GET", b.srv.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: b.name, Value: token})
	return b.do(b.srv.Client(), req)
}

func (b *browser) do(c *http.Client, req *http.Request) string {
	b.t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("%s %s: %s %s", req.Method, req.URL.Path, resp.Status, body)
	}
	return string(body)
}

// token returns the session token the browser holds, or "".
func (b *browser) token() string {
	u, err := url.Parse(b.srv.URL)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == b.name {
			return c.Value
		}
	}
	return ""
}
