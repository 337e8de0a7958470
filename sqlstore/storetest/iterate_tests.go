package storetest

import (
	"testing"
	"time"
)

// testIterate checks All and AllCtx, each where the store implements it.
func (s *suite) testIterate(t *testing.T) {
	for _, method := range []string{"All", "AllCtx"} {
		t.Run(method, func(t *testing.T) {
			t.Run("Empty", func(t *testing.T) {
				f := s.newFixture(t)
				list := listingOrSkip(t, f, method)
				got, err := list()
				if err != nil {
					t.Fatalf("%s on an empty store: unexpected error: %v", method, err)
				}
				if got == nil || len(got) != 0 {
					t.Errorf("%s on an empty store = %d sessions (nil map: %t), want an empty, non-nil map",
						method, len(got), got == nil)
				}
			})

			t.Run("LiveOnly", func(t *testing.T) {
				f := s.newFixture(t)
				list := listingOrSkip(t, f, method)
				live := []session{
					{newToken(), []byte("one"), f.now().Add(time.Minute)},
					{newToken(), []byte("two"), f.now().Add(time.Hour)},
					{newToken(), []byte{0, 1, 2, 0xff}, f.now().Add(24 * time.Hour)},
				}
				expired := []session{
					{newToken(), []byte("gone"), f.now().Add(-time.Minute)},
					{newToken(), []byte("long gone"), f.now().Add(-24 * time.Hour)},
				}
				commitMany(t, f.store, append(append([]session(nil), live...), expired...))
				got, err := list()
				if err != nil {
					t.Fatalf("%s: unexpected error: %v", method, err)
				}
				if d := diffSessions(got, sessionMap(live)); d != "" {
					t.Errorf("%s with 3 live and 2 expired sessions %s", method, d)
				}
			})
		})
	}
}

// listingOrSkip returns the store's listing method by name, or skips the
// test when the store does not implement it: listing is optional in scs.
func listingOrSkip(t *testing.T, f *fixture, method string) func() (map[string][]byte, error) {
	t.Helper()
	for _, l := range listings(f.store) {
		if l.name == method {
			return l.list
		}
	}
	iface := map[string]string{"All": "scs.IterableStore", "AllCtx": "scs.IterableCtxStore"}[method]
	t.Skipf("%T does not implement %s", f.store, iface)
	return nil
}
