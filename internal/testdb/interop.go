package testdb

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/sqlstore"
)

// Token returns a random token shaped like scs's: 43 characters of unpadded base64url.
func Token(t testing.TB) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Interop checks that theirs (scs's own store) and ours, on one empty table, read and write each
// other's sessions: finds, overwrites, deletes, expiry and listing, in both directions, and that
// our cleanup purges the expired rows they wrote.
func Interop(t *testing.T, theirs scs.Store, ours *sqlstore.Store) {
	stores := []struct {
		name string
		s    scs.Store
	}{{"scs", theirs}, {"scsql", ours}}

	for i, w := range stores {
		r := stores[1-i]
		t.Run(w.name+" writes, "+r.name+" reads", func(t *testing.T) {
			tok := Token(t)
			live := time.Now().Add(time.Hour)

			mustCommit(t, w.name, w.s, tok, []byte("first\x00value"), live)
			wantFound(t, r.name, r.s, tok, []byte("first\x00value"))

			mustCommit(t, w.name, w.s, tok, []byte("second"), live)
			wantFound(t, r.name, r.s, tok, []byte("second"))

			// The reader overwrites what the writer wrote, and the writer sees it.
			mustCommit(t, r.name, r.s, tok, []byte("third"), live)
			wantFound(t, w.name, w.s, tok, []byte("third"))

			if all, err := r.s.(scs.IterableStore).All(); err != nil {
				t.Fatalf("%s: All: %v", r.name, err)
			} else if !bytes.Equal(all[tok], []byte("third")) {
				t.Errorf("%s: All does not list the session %s wrote", r.name, w.name)
			}

			if err := w.s.Delete(tok); err != nil {
				t.Fatalf("%s: Delete: %v", w.name, err)
			}
			wantMissing(t, r.name, r.s, tok)

			expired := Token(t)
			mustCommit(t, w.name, w.s, expired, []byte("old"), time.Now().Add(-time.Hour))
			wantMissing(t, r.name, r.s, expired)

			soon := Token(t)
			mustCommit(t, w.name, w.s, soon, []byte("soon"), time.Now().Add(3*time.Second))
			wantFound(t, r.name, r.s, soon, []byte("soon"))
		})
	}

	t.Run("scsql cleanup purges what scs wrote", func(t *testing.T) {
		ctx := context.Background()
		if _, err := ours.Cleanup(ctx); err != nil {
			t.Fatalf("Cleanup: %v", err)
		}
		for range 3 {
			mustCommit(t, "scs", theirs, Token(t), []byte("x"), time.Now().Add(-time.Minute))
		}
		live := Token(t)
		mustCommit(t, "scs", theirs, live, []byte("live"), time.Now().Add(time.Hour))
		n, err := ours.Cleanup(ctx)
		if err != nil || n != 3 {
			t.Errorf("Cleanup = %d, %v; want 3 expired rows deleted", n, err)
		}
		wantFound(t, "scs", theirs, live, []byte("live"))
	})
}

func mustCommit(t *testing.T, name string, s scs.Store, token string, data []byte, expiry time.Time) {
	t.Helper()
	if err := s.Commit(token, data, expiry); err != nil {
		t.Fatalf("%s: Commit: %v", name, err)
	}
}

func wantFound(t *testing.T, name string, s scs.Store, token string, want []byte) {
	t.Helper()
	got, found, err := s.Find(token)
	if err != nil || !found || !bytes.Equal(got, want) {
		t.Errorf("%s: Find = %q, %v, %v; want %q, true, nil", name, got, found, err, want)
	}
}

func wantMissing(t *testing.T, name string, s scs.Store, token string) {
	t.Helper()
	if _, found, err := s.Find(token); err != nil || found {
		t.Errorf("%s: Find = found %v, %v; want not found, nil", name, found, err)
	}
}
