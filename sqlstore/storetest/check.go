package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// The helpers here stop or fail the test with a message about the session's
// role ("the expired session"), never its token: tokens are secrets, and
// test logs end up in CI systems.

// commit commits or stops the test.
func commit(t testing.TB, st scs.Store, token string, b []byte, expiry time.Time) {
	t.Helper()
	if err := st.Commit(token, b, expiry); err != nil {
		t.Fatalf("Commit: unexpected error: %v", err)
	}
}

// find finds or stops the test: no token, however odd, is a reason for Find
// to return an error.
func find(t testing.TB, st scs.Store, token string) ([]byte, bool) {
	t.Helper()
	b, found, err := st.Find(token)
	if err != nil {
		t.Fatalf("Find: unexpected error: %v", err)
	}
	return b, found
}

// deleteSession deletes or stops the test.
func deleteSession(t testing.TB, st scs.Store, token string) {
	t.Helper()
	if err := st.Delete(token); err != nil {
		t.Fatalf("Delete: unexpected error: %v", err)
	}
}

// wantFound checks that token is live with data want; when says in which
// situation, for the message.
func wantFound(t testing.TB, st scs.Store, token string, want []byte, when string) {
	t.Helper()
	got, found := find(t, st, token)
	if !found {
		t.Errorf("%s: Find reported not found, want found", when)
		return
	}
	if d := diffBytes(got, want); d != "" {
		t.Errorf("%s: Find returned the wrong data: %s", when, d)
	}
}

// wantMissing checks that token is not found.
func wantMissing(t testing.TB, st scs.Store, token string, when string) {
	t.Helper()
	if got, found := find(t, st, token); found {
		t.Errorf("%s: Find reported found (%d bytes), want not found", when, len(got))
	}
}

// diffBytes describes how got differs from want by sizes and offsets only:
// payloads can be a megabyte long, and a dump of either would bury the point.
func diffBytes(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	n := min(len(got), len(want))
	i := 0
	for i < n && got[i] == want[i] {
		i++
	}
	if i == n {
		return fmt.Sprintf("got %d bytes, want %d; the shorter is a prefix of the longer", len(got), len(want))
	}
	return fmt.Sprintf("got %d bytes, want %d; first difference at byte %d (got %#02x, want %#02x)",
		len(got), len(want), i, got[i], want[i])
}

// wantErrIs checks that err wraps target; op names the call for the message.
func wantErrIs(t testing.TB, err, target error, op string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s: returned no error, want one wrapping %v", op, target)
	case !errors.Is(err, target):
		t.Errorf("%s: returned %q, which does not wrap %v (errors.Is is false)", op, err, target)
	}
}

// listing is one method by which a store lists its live sessions.
type listing struct {
	name string
	list func() (map[string][]byte, error)
}

// listings returns the listing methods st implements: All, AllCtx, both or
// neither. Stores may implement them separately, so each is checked.
func listings(st scs.Store) []listing {
	var ls []listing
	if is, ok := st.(scs.IterableStore); ok {
		ls = append(ls, listing{"All", is.All})
	}
	if is, ok := st.(scs.IterableCtxStore); ok {
		ls = append(ls, listing{"AllCtx", func() (map[string][]byte, error) {
			return is.AllCtx(context.Background())
		}})
	}
	return ls
}

// wantListed checks that every listing method of st returns exactly want.
// A store that lists nothing passes: listing is optional in scs.
func wantListed(t testing.TB, st scs.Store, want map[string][]byte, when string) {
	t.Helper()
	for _, l := range listings(st) {
		got, err := l.list()
		if err != nil {
			t.Errorf("%s: %s: unexpected error: %v", when, l.name, err)
			continue
		}
		if d := diffSessions(got, want); d != "" {
			t.Errorf("%s: %s %s", when, l.name, d)
		}
	}
}

// diffSessions describes how a listing differs from want by counts only.
func diffSessions(got, want map[string][]byte) string {
	var missing, extra, wrong int
	for token, w := range want {
		g, ok := got[token]
		switch {
		case !ok:
			missing++
		case !bytes.Equal(g, w):
			wrong++
		}
	}
	for token := range got {
		if _, ok := want[token]; !ok {
			extra++
		}
	}
	if missing+extra+wrong == 0 {
		return ""
	}
	return fmt.Sprintf("returned %d sessions, want %d: %d missing, %d unexpected, %d with the wrong data",
		len(got), len(want), missing, extra, wrong)
}
