package storetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// principalKey is the session value in which the suite's applications keep
// the signed-in user, and from which principalOf reads the principal.
const principalKey = "user"

// principalOf is the Config.Principal the suite hands to stores: the string
// under principalKey in data encoded by scs's default codec. It uses scs
// alone, so that any store can run the suite.
func principalOf(data []byte) (string, bool) {
	_, values, err := scs.GobCodec{}.Decode(data)
	if err != nil {
		return "", false
	}
	p, ok := values[principalKey].(string)
	return p, ok && p != ""
}

// testPrincipal checks finding and deleting sessions by principal: the
// sessions of one user, for "sign out everywhere" and "where am I signed
// in".
func (s *suite) testPrincipal(t *testing.T) {
	if !s.h.Principal {
		t.Skip("the harness did not declare Principal: the store does not keep sessions by principal")
	}
	probe := s.newPrincipalFixture(t)
	if _, ok := probe.store.(PrincipalStore); !ok {
		t.Fatalf("%T does not implement storetest.PrincipalStore, but the harness declared Principal", probe.store)
	}
	for _, test := range []struct {
		name string
		run  func(*testing.T)
	}{
		{"FindDelete", s.testPrincipalFindDelete},
		{"ForEachStops", s.testPrincipalForEachStops},
		{"Exact", s.testPrincipalExact},
		{"Long", s.testPrincipalLong},
		{"Moves", s.testPrincipalMoves},
		{"Delete", s.testPrincipalDelete},
		{"Expired", s.testPrincipalExpired},
		{"None", s.testPrincipalNone},
		{"RaceWithCommit", s.testPrincipalRace},
		{"Canceled", s.testPrincipalCanceled},
		{"HTTP", s.testPrincipalHTTP},
	} {
		t.Run(test.name, test.run)
	}
}

// principalFixture is a fixture whose store keeps principals.
type principalFixture struct {
	*fixture
	ps PrincipalStore
}

func (s *suite) newPrincipalFixture(t *testing.T) principalFixture {
	t.Helper()
	f := s.newFixtureWith(t, Config{TableName: tableName(t), Principal: principalOf})
	ps, _ := f.store.(PrincipalStore)
	return principalFixture{f, ps}
}

// userData returns session data as scs encodes it for a session of user (no
// user when empty), made unique by n.
func userData(t testing.TB, user string, n int) []byte {
	t.Helper()
	values := map[string]any{"n": n}
	if user != "" {
		values[principalKey] = user
	}
	b, err := scs.GobCodec{}.Encode(time.Now().Add(time.Hour).UTC(), values)
	if err != nil {
		t.Fatalf("encoding session data: %v", err)
	}
	return b
}

// wantPrincipal checks that every way of listing principal's sessions finds
// exactly want.
func (f principalFixture) wantPrincipal(t *testing.T, principal string, want map[string][]byte, when string) {
	t.Helper()
	ctx := context.Background()
	got, err := f.ps.FindByPrincipal(ctx, principal)
	switch {
	case err != nil:
		t.Errorf("%s: FindByPrincipal: unexpected error: %v", when, err)
	case got == nil:
		t.Errorf("%s: FindByPrincipal returned a nil map, want a non-nil one", when)
	default:
		if d := diffSessions(got, want); d != "" {
			t.Errorf("%s: FindByPrincipal %s", when, d)
		}
	}
	visited := make(map[string][]byte)
	err = f.ps.ForEachByPrincipal(ctx, principal, func(token string, data []byte) error {
		if _, dup := visited[token]; dup {
			t.Errorf("%s: ForEachByPrincipal visited one session twice", when)
		}
		visited[token] = data
		return nil
	})
	if err != nil {
		t.Errorf("%s: ForEachByPrincipal: unexpected error: %v", when, err)
	} else if d := diffSessions(visited, want); d != "" {
		t.Errorf("%s: ForEachByPrincipal %s", when, d)
	}
}

// deleteByPrincipal deletes principal's sessions or stops the test.
func (f principalFixture) deleteByPrincipal(t *testing.T, principal string) int64 {
	t.Helper()
	n, err := f.ps.DeleteByPrincipal(context.Background(), principal)
	if err != nil {
		t.Fatalf("DeleteByPrincipal: unexpected error: %v", err)
	}
	return n
}

func (s *suite) testPrincipalFindDelete(t *testing.T) {
	f := s.newPrincipalFixture(t)
	expiry := f.now().Add(time.Hour)
	alice := make(map[string][]byte)
	for i := range 3 {
		token, data := newToken(), userData(t, "alice", i)
		commit(t, f.store, token, data, expiry)
		alice[token] = data
	}
	bob, bobData := newToken(), userData(t, "bob", 0)
	commit(t, f.store, bob, bobData, expiry)
	anon, anonData := newToken(), userData(t, "", 0)
	commit(t, f.store, anon, anonData, expiry)

	f.wantPrincipal(t, "alice", alice, "alice's three sessions")
	f.wantPrincipal(t, "bob", map[string][]byte{bob: bobData}, "bob's one session")
	f.wantPrincipal(t, "carol", nil, "a principal with no session")

	if n := f.deleteByPrincipal(t, "alice"); n != 3 {
		t.Errorf("DeleteByPrincipal of alice's three sessions deleted %d, want 3", n)
	}
	for token := range alice {
		wantMissing(t, f.store, token, "alice's session after DeleteByPrincipal")
	}
	f.wantPrincipal(t, "alice", nil, "after DeleteByPrincipal")
	wantFound(t, f.store, bob, bobData, "bob's session after DeleteByPrincipal of alice")
	wantFound(t, f.store, anon, anonData, "a session with no principal after DeleteByPrincipal of alice")
	f.wantPrincipal(t, "bob", map[string][]byte{bob: bobData}, "bob's session after DeleteByPrincipal of alice")
	if n := f.deleteByPrincipal(t, "alice"); n != 0 {
		t.Errorf("second DeleteByPrincipal of alice deleted %d, want 0", n)
	}
}

func (s *suite) testPrincipalForEachStops(t *testing.T) {
	f := s.newPrincipalFixture(t)
	expiry := f.now().Add(time.Hour)
	for i := range 5 {
		commit(t, f.store, newToken(), userData(t, "alice", i), expiry)
	}
	stop := errors.New("stop here")
	calls := 0
	err := f.ps.ForEachByPrincipal(context.Background(), "alice", func(string, []byte) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("ForEachByPrincipal whose fn failed returned %v, want fn's error", err)
	}
	if calls != 2 {
		t.Errorf("ForEachByPrincipal called fn %d times after it failed on call 2, want 2", calls)
	}
}

// exactPrincipals differ from each other only in ways that a case- or
// accent-insensitive collation, a padded CHAR, or Unicode normalization
// would blur. Each must find its own session only.
var exactPrincipals = []string{
	"alice", "Alice", "ALICE", "alice ", " alice", "alice  ",
	"alicé", "alice\u0301", "alicè", "strasse", "straße",
	"ǆ", "ǅ", "ﬁ", "fi", "a\u00a0b", "a b",
}

func (s *suite) testPrincipalExact(t *testing.T) {
	f := s.newPrincipalFixture(t)
	expiry := f.now().Add(time.Hour)
	tokens := make(map[string]string)
	datas := make(map[string][]byte)
	for i, p := range exactPrincipals {
		tokens[p], datas[p] = newToken(), userData(t, p, i)
		commit(t, f.store, tokens[p], datas[p], expiry)
	}
	for _, p := range exactPrincipals {
		f.wantPrincipal(t, p, map[string][]byte{tokens[p]: datas[p]}, fmt.Sprintf("principal %q among near-equals", p))
	}
	for i, p := range exactPrincipals {
		if n := f.deleteByPrincipal(t, p); n != 1 {
			t.Errorf("DeleteByPrincipal(%q) among near-equals deleted %d sessions, want 1", p, n)
		}
		for _, q := range exactPrincipals[i+1:] {
			wantFound(t, f.store, tokens[q], datas[q], fmt.Sprintf("principal %q's session after DeleteByPrincipal(%q)", q, p))
		}
	}
}

func (s *suite) testPrincipalLong(t *testing.T) {
	// 255 bytes, in characters of one to four bytes.
	principals := []string{
		strings.Repeat("a", 255),
		strings.Repeat("é", 127) + "a",
		strings.Repeat("€", 85),
		strings.Repeat("😀", 63) + "abc",
	}
	f := s.newPrincipalFixture(t)
	expiry := f.now().Add(time.Hour)
	for i, p := range principals {
		if len(p) != 255 {
			t.Fatalf("principal %d is %d bytes, want 255", i, len(p))
		}
		token, data := newToken(), userData(t, p, i)
		commit(t, f.store, token, data, expiry)
		f.wantPrincipal(t, p, map[string][]byte{token: data}, fmt.Sprintf("a 255-byte principal (%d)", i))
		f.wantPrincipal(t, p[:254], nil, fmt.Sprintf("the 255-byte principal's first 254 bytes (%d)", i))
	}
}

func (s *suite) testPrincipalMoves(t *testing.T) {
	// A login that keeps the token (no RenewToken): the session moves to
	// the new user on its next Commit; a logout that keeps the token takes
	// it away from every user.
	f := s.newPrincipalFixture(t)
	expiry := f.now().Add(time.Hour)
	token := newToken()
	aliceData, bobData, anonData := userData(t, "alice", 0), userData(t, "bob", 0), userData(t, "", 0)
	commit(t, f.store, token, aliceData, expiry)
	f.wantPrincipal(t, "alice", map[string][]byte{token: aliceData}, "alice's session")

	commit(t, f.store, token, bobData, expiry)
	f.wantPrincipal(t, "alice", nil, "after the session's user changed to bob")
	f.wantPrincipal(t, "bob", map[string][]byte{token: bobData}, "after the session's user changed to bob")
	if n := f.deleteByPrincipal(t, "alice"); n != 0 {
		t.Errorf("DeleteByPrincipal of alice after her session moved to bob deleted %d, want 0", n)
	}
	wantFound(t, f.store, token, bobData, "the moved session after DeleteByPrincipal of its old user")

	commit(t, f.store, token, anonData, expiry)
	f.wantPrincipal(t, "bob", nil, "after the session's user was removed")
	if n := f.deleteByPrincipal(t, "bob"); n != 0 {
		t.Errorf("DeleteByPrincipal of bob after his session lost its user deleted %d, want 0", n)
	}
	wantFound(t, f.store, token, anonData, "the session without a user after DeleteByPrincipal of its old user")
}

func (s *suite) testPrincipalDelete(t *testing.T) {
	f := s.newPrincipalFixture(t)
	expiry := f.now().Add(time.Hour)
	a, b := newToken(), newToken()
	aData, bData := userData(t, "alice", 0), userData(t, "alice", 1)
	commit(t, f.store, a, aData, expiry)
	commit(t, f.store, b, bData, expiry)
	deleteSession(t, f.store, a)
	f.wantPrincipal(t, "alice", map[string][]byte{b: bData}, "after Delete of one of alice's two sessions")
}

func (s *suite) testPrincipalExpired(t *testing.T) {
	f := s.newPrincipalFixture(t)
	live, expired := newToken(), newToken()
	liveData, expiredData := userData(t, "alice", 0), userData(t, "alice", 1)
	if f.clock != nil {
		commit(t, f.store, live, liveData, f.base.Add(3*time.Hour))
		commit(t, f.store, expired, expiredData, f.base.Add(time.Hour))
		f.clock.Set(f.base.Add(2 * time.Hour))
	} else {
		commit(t, f.store, live, liveData, f.now().Add(time.Hour))
		commit(t, f.store, expired, expiredData, f.now().Add(-time.Hour))
	}
	f.wantPrincipal(t, "alice", map[string][]byte{live: liveData}, "alice's live and expired sessions")

	// Signing out everywhere must not leave a session that a server whose
	// clock runs behind would still find: expired rows go too, and may be
	// counted.
	if n := f.deleteByPrincipal(t, "alice"); n < 1 || n > 2 {
		t.Errorf("DeleteByPrincipal of one live and one expired session deleted %d, want 1 or 2", n)
	}
	if f.clock != nil {
		f.clock.Set(f.base)
		wantMissing(t, f.store, expired, "the expired session after DeleteByPrincipal, with the clock set back before its expiry")
	}
	wantMissing(t, f.store, live, "the live session after DeleteByPrincipal")
}

func (s *suite) testPrincipalNone(t *testing.T) {
	// A session without a user has no principal, not the empty one.
	f := s.newPrincipalFixture(t)
	token, data := newToken(), userData(t, "", 0)
	commit(t, f.store, token, data, f.now().Add(time.Hour))
	f.wantPrincipal(t, "", nil, "the empty principal, with a session without a user")
	if n := f.deleteByPrincipal(t, ""); n != 0 {
		t.Errorf("DeleteByPrincipal of the empty principal deleted %d sessions, want 0", n)
	}
	wantFound(t, f.store, token, data, "a session without a user after DeleteByPrincipal of the empty principal")
}

func (s *suite) testPrincipalRace(t *testing.T) {
	// "Sign out everywhere" while another request of the same session logs
	// in as someone else: whichever wins, no row of the old user survives.
	const rounds = 40
	f := s.newPrincipalFixture(t)
	expiry := f.now().Add(time.Hour)
	ctx := context.Background()
	var deletedFirst, committedFirst int
	for i := range rounds {
		token := newToken()
		old, next := "old-"+strconv.Itoa(i), "new-"+strconv.Itoa(i)
		nextData := userData(t, next, i)
		commit(t, f.store, token, userData(t, old, i), expiry)

		var (
			wg           sync.WaitGroup
			start        = make(chan struct{})
			deleted      int64
			delErr, cErr error
		)
		wg.Go(func() {
			<-start
			deleted, delErr = f.ps.DeleteByPrincipal(ctx, old)
		})
		wg.Go(func() {
			<-start
			cErr = f.store.Commit(token, nextData, expiry)
		})
		close(start)
		wg.Wait()
		if delErr != nil || cErr != nil {
			t.Fatalf("round %d: DeleteByPrincipal: %v; Commit: %v", i, delErr, cErr)
		}
		if deleted == 1 {
			deletedFirst++
		} else {
			committedFirst++
		}

		f.wantPrincipal(t, old, nil, fmt.Sprintf("round %d: the old user after DeleteByPrincipal raced a Commit as a new user", i))
		got, found := find(t, f.store, token)
		switch {
		case found && diffBytes(got, nextData) != "":
			t.Errorf("round %d: after DeleteByPrincipal raced a Commit, the session holds data of neither: %s", i, diffBytes(got, nextData))
		case found:
			f.wantPrincipal(t, next, map[string][]byte{token: nextData}, fmt.Sprintf("round %d: the new user, whose Commit survived", i))
		default:
			f.wantPrincipal(t, next, nil, fmt.Sprintf("round %d: the new user, whose session was deleted", i))
		}
	}
	t.Logf("%d rounds: DeleteByPrincipal deleted the old row first in %d, the Commit moved it first in %d",
		rounds, deletedFirst, committedFirst)
}

func (s *suite) testPrincipalCanceled(t *testing.T) {
	f := s.newPrincipalFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.ps.FindByPrincipal(ctx, "alice")
	wantErrIs(t, err, context.Canceled, "FindByPrincipal with a canceled context")
	err = f.ps.ForEachByPrincipal(ctx, "alice", func(string, []byte) error { return nil })
	wantErrIs(t, err, context.Canceled, "ForEachByPrincipal with a canceled context")
	_, err = f.ps.DeleteByPrincipal(ctx, "alice")
	wantErrIs(t, err, context.Canceled, "DeleteByPrincipal with a canceled context")
}

// handlePrincipal adds the pages of an application with accounts to mux.
func handlePrincipal(mux *http.ServeMux, sm *scs.SessionManager) {
	ps := sm.Store.(PrincipalStore)
	fail := func(w http.ResponseWriter, r *http.Request, err error) { sm.ErrorFunc(w, r, err) }
	// /login signs in as user, with a new token, as applications should.
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		if err := sm.RenewToken(r.Context()); err != nil {
			fail(w, r, err)
			return
		}
		sm.Put(r.Context(), principalKey, r.URL.Query().Get("user"))
	})
	// /su changes the user without a new token.
	mux.HandleFunc("/su", func(w http.ResponseWriter, r *http.Request) {
		sm.Put(r.Context(), principalKey, r.URL.Query().Get("user"))
	})
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sm.GetString(r.Context(), principalKey))
	})
	// /devices lists the user's sessions: their number.
	mux.HandleFunc("/devices", func(w http.ResponseWriter, r *http.Request) {
		sessions, err := ps.FindByPrincipal(r.Context(), sm.GetString(r.Context(), principalKey))
		if err != nil {
			fail(w, r, err)
			return
		}
		fmt.Fprint(w, len(sessions))
	})
	// /signout-everywhere deletes every session of the user and does
	// nothing else: the current session is written again only if this
	// request modifies it (with then=put it does).
	mux.HandleFunc("/signout-everywhere", func(w http.ResponseWriter, r *http.Request) {
		n, err := ps.DeleteByPrincipal(r.Context(), sm.GetString(r.Context(), principalKey))
		if err != nil {
			fail(w, r, err)
			return
		}
		if r.URL.Query().Get("then") == "put" {
			sm.Put(r.Context(), "message", "still here")
		}
		fmt.Fprint(w, n)
	})
	// /signout-others keeps this device signed in: a new token, which
	// LoadAndSave writes, and every other session deleted.
	mux.HandleFunc("/signout-others", func(w http.ResponseWriter, r *http.Request) {
		if _, err := ps.DeleteByPrincipal(r.Context(), sm.GetString(r.Context(), principalKey)); err != nil {
			fail(w, r, err)
			return
		}
		if err := sm.RenewToken(r.Context()); err != nil {
			fail(w, r, err)
		}
	})
}

// testPrincipalHTTP signs one user in on several devices through scs and
// LoadAndSave, and out of all of them from one, with and without
// HashTokenInStore.
func (s *suite) testPrincipalHTTP(t *testing.T) {
	for _, hash := range []bool{false, true} {
		name := "Token"
		if hash {
			name = "HashTokenInStore"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := principalHTTP{s: s, hashToken: hash}
			for _, test := range []struct {
				name string
				run  func(*testing.T)
			}{
				{"SignOutEverywhere", h.testSignOutEverywhere},
				{"SignOutOthers", h.testSignOutOthers},
				{"WrittenAgainIfModified", h.testWrittenAgain},
				{"UserChange", h.testUserChange},
				{"Destroy", h.testDestroy},
			} {
				t.Run(test.name, func(t *testing.T) {
					t.Parallel()
					test.run(t)
				})
			}
		})
	}
}

type principalHTTP struct {
	s         *suite
	hashToken bool
}

func (h principalHTTP) newApp(t *testing.T, configure func(*scs.SessionManager)) *app {
	t.Helper()
	return h.s.newApp(t, appOptions{hashToken: h.hashToken, principal: true, configure: configure})
}

// login signs in as user on n new devices, and checks it.
func (a *app) login(user string, n int) []*app {
	a.t.Helper()
	devices := make([]*app, n)
	for i := range devices {
		devices[i] = a.device()
		devices[i].get("/login?user=" + user)
		if got := devices[i].get("/whoami"); got != user {
			a.t.Fatalf("device %d after /login as %s: /whoami = %q", i, user, got)
		}
	}
	return devices
}

// wantSessions checks that the store finds exactly the sessions behind
// devices' cookies for user.
func (a *app) wantSessions(user string, devices []*app, when string) {
	a.t.Helper()
	got, err := a.store.(PrincipalStore).FindByPrincipal(context.Background(), user)
	if err != nil {
		a.t.Fatalf("%s: FindByPrincipal: %v", when, err)
	}
	want := make(map[string]bool)
	for _, d := range devices {
		want[a.stored(d.token())] = true
	}
	var missing, extra int
	for token := range want {
		if _, ok := got[token]; !ok {
			missing++
		}
	}
	for token := range got {
		if !want[token] {
			extra++
		}
	}
	if missing+extra > 0 {
		a.t.Errorf("%s: FindByPrincipal(%s) returned %d sessions, want %d (%d missing, %d unexpected; with HashTokenInStore %t it returns the stored tokens)",
			when, user, len(got), len(want), missing, extra, a.hashToken)
	}
}

// wantWhoami checks who each device is signed in as.
func wantWhoami(t *testing.T, devices []*app, want string, when string) {
	t.Helper()
	for i, d := range devices {
		if got := d.get("/whoami"); got != want {
			t.Errorf("%s: device %d: /whoami = %q, want %q", when, i, got, want)
		}
	}
}

func (h principalHTTP) testSignOutEverywhere(t *testing.T) {
	a := h.newApp(t, nil)
	alice := a.login("alice", 3)
	bob := a.login("bob", 1)
	a.wantSessions("alice", alice, "after alice signed in on three devices")
	if got := alice[0].get("/devices"); got != "3" {
		t.Errorf("/devices of alice = %q, want 3", got)
	}
	if got := alice[0].get("/signout-everywhere"); got != "3" {
		t.Errorf("/signout-everywhere of alice deleted %q sessions, want 3", got)
	}
	// The current device's session was not modified after the delete, so
	// LoadAndSave did not write it again: it is signed out too.
	wantWhoami(t, alice, "", "after alice signed out everywhere")
	wantWhoami(t, bob, "bob", "bob, after alice signed out everywhere")
	a.wantSessions("alice", nil, "after alice signed out everywhere")
}

func (h principalHTTP) testSignOutOthers(t *testing.T) {
	a := h.newApp(t, nil)
	alice := a.login("alice", 3)
	before := alice[0].token()
	alice[0].get("/signout-others")
	if after := alice[0].token(); after == "" || after == before {
		t.Errorf("/signout-others did not give the current device a new token (empty: %t)", after == "")
	}
	wantWhoami(t, alice[:1], "alice", "the device that signed out the others")
	wantWhoami(t, alice[1:], "", "the other devices, after /signout-others")
	a.wantSessions("alice", alice[:1], "after /signout-others")
}

func (h principalHTTP) testWrittenAgain(t *testing.T) {
	// A session that the request modifies after DeleteByPrincipal is
	// written again by LoadAndSave; with an IdleTimeout every session that
	// a request loads counts as modified.
	for _, tc := range []struct {
		name, path string
		configure  func(*scs.SessionManager)
	}{
		{"Put", "/signout-everywhere?then=put", nil},
		{"IdleTimeout", "/signout-everywhere", func(sm *scs.SessionManager) { sm.IdleTimeout = time.Hour }},
	} {
		a := h.newApp(t, tc.configure)
		alice := a.login("alice", 3)
		alice[0].get(tc.path)
		wantWhoami(t, alice[:1], "alice", tc.name+": the device that signed out everywhere")
		wantWhoami(t, alice[1:], "", tc.name+": the other devices")
		a.wantSessions("alice", alice[:1], tc.name+": after signing out everywhere")
	}
}

func (h principalHTTP) testUserChange(t *testing.T) {
	a := h.newApp(t, nil)
	d := a.login("alice", 1)
	d[0].get("/su?user=bob")
	a.wantSessions("alice", nil, "after the session's user changed to bob without a new token")
	a.wantSessions("bob", d, "after the session's user changed to bob without a new token")
	d[0].get("/signout-everywhere")
	wantWhoami(t, d, "", "bob, after signing out everywhere")
}

func (h principalHTTP) testDestroy(t *testing.T) {
	a := h.newApp(t, nil)
	alice := a.login("alice", 2)
	alice[0].get("/destroy")
	a.wantSessions("alice", alice[1:], "after one of alice's two devices logged out")
	wantWhoami(t, alice[:1], "", "the device that logged out")
}
