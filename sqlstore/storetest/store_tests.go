package storetest

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

// testFind checks Find on tokens that were never committed.
func (s *suite) testFind(t *testing.T) {
	f := s.newFixture(t)
	// A live session in the table gives a store that matches too loosely
	// (by prefix, by LIKE, by an injected quote, by case) something to find.
	bystander := newToken()
	commit(t, f.store, bystander, []byte("bystander"), f.now().Add(time.Hour))

	t.Run("Missing", func(t *testing.T) {
		b, found, err := f.store.Find(newToken())
		if b != nil || found || err != nil {
			t.Errorf("Find of a token never committed = (%d bytes, nil=%t), %t, %v; want nil, false, nil",
				len(b), b == nil, found, err)
		}
	})

	t.Run("Malformed", func(t *testing.T) {
		for _, tc := range []struct{ name, token string }{
			{"Empty", ""},
			{"Quotes", (`'" OR 1=1; --` + strings.Repeat("x", 43))[:43]},
			{"Wildcards", strings.Repeat("%_", 22)[:43]},
			{"Prefix", bystander[:42]},
			{"TooLong", bystander + bystander},
		} {
			b, found, err := f.store.Find(tc.token)
			if found || err != nil {
				t.Errorf("Find of a malformed token (%s) = (%d bytes), %t, %v; want not found and no error",
					tc.name, len(b), found, err)
			}
		}
	})

	t.Run("CaseSensitive", func(t *testing.T) {
		// scs tokens are case-sensitive; a column with a case-insensitive
		// collation (the default on MySQL and SQL Server) treats tokens that
		// differ only in case as one.
		swapped := swapCase(bystander)
		if swapped == bystander {
			t.Skip("the token has no letters") // odds about 1 in 10^31
		}
		wantMissing(t, f.store, swapped, "Find of a live session's token with its letters' case swapped (is the token column case-insensitive?)")
	})
}

// swapCase turns upper case ASCII letters to lower case and back.
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}

// testCommit checks that Commit stores data and expiry, and replaces both.
func (s *suite) testCommit(t *testing.T) {
	f := s.newFixture(t)
	live := f.now().Add(time.Hour)
	expired := f.now().Add(-time.Hour)

	t.Run("RoundTrip", func(t *testing.T) {
		token := newToken()
		commit(t, f.store, token, []byte("hello, session"), live)
		wantFound(t, f.store, token, []byte("hello, session"), "Find after Commit")
	})

	// scs never commits nil, but database/sql binds a nil []byte as NULL,
	// which a NOT NULL data column rejects.
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"NilData", nil},
		{"EmptyData", []byte{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token := newToken()
			commit(t, f.store, token, tc.data, live)
			got, found := find(t, f.store, token)
			if !found || len(got) != 0 {
				t.Errorf("Find after Commit of %s = (%d bytes), %t; want 0 bytes, true", tc.name, len(got), found)
			}
		})
	}

	t.Run("Overwrite", func(t *testing.T) {
		// A fixture of its own, so the listing shows whether the second
		// commit left a second row.
		f := s.newFixture(t)
		token := newToken()
		commit(t, f.store, token, []byte("first"), live)
		commit(t, f.store, token, []byte("second"), live)
		wantFound(t, f.store, token, []byte("second"), "Find after a second Commit of one token")
		wantListed(t, f.store, map[string][]byte{token: []byte("second")}, "after a second Commit of one token")
	})

	// A past expiry stands in for any earlier one: it needs no clock to
	// observe, and a store that keeps the later of two expiries fails it.
	t.Run("EarlierExpiry", func(t *testing.T) {
		token := newToken()
		commit(t, f.store, token, []byte("first"), live)
		commit(t, f.store, token, []byte("second"), expired)
		wantMissing(t, f.store, token, "Find after a second Commit with an expiry in the past")
	})

	t.Run("LaterExpiry", func(t *testing.T) {
		token := newToken()
		commit(t, f.store, token, []byte("first"), expired)
		commit(t, f.store, token, []byte("second"), live)
		wantFound(t, f.store, token, []byte("second"), "Find after an expired session was committed again with a future expiry")
	})
}

// testDelete checks that Delete removes one session and tolerates none.
func (s *suite) testDelete(t *testing.T) {
	f := s.newFixture(t)
	live := f.now().Add(time.Hour)

	t.Run("Existing", func(t *testing.T) {
		token, other := newToken(), newToken()
		commit(t, f.store, token, []byte("doomed"), live)
		commit(t, f.store, other, []byte("survivor"), live)
		deleteSession(t, f.store, token)
		wantMissing(t, f.store, token, "Find after Delete")
		wantFound(t, f.store, other, []byte("survivor"), "Find of another session after Delete")
	})

	t.Run("Missing", func(t *testing.T) {
		if err := f.store.Delete(newToken()); err != nil {
			t.Errorf("Delete of a token never committed: %v, want nil", err)
		}
	})

	t.Run("Twice", func(t *testing.T) {
		token := newToken()
		commit(t, f.store, token, []byte("doomed"), live)
		for i := range 2 {
			if err := f.store.Delete(token); err != nil {
				t.Errorf("Delete number %d of one token: %v, want nil", i+1, err)
			}
		}
	})
}
