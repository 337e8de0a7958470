package storetest

import (
	"context"
	"testing"
	"time"
)

// testCleanup checks the store's Cleanup method: it deletes exactly the
// expired rows, by the store's clock, all of them in one call.
func (s *suite) testCleanup(t *testing.T) {
	if s.h.NoCleanup {
		t.Skip("the harness declared NoCleanup: the store has no Cleanup method")
	}
	probe := s.newFixture(t)
	if _, ok := probe.store.(Cleaner); !ok {
		t.Fatalf("%T has no Cleanup(context.Context) (int64, error) method; set Harness.NoCleanup if it is not meant to have one", probe.store)
	}

	t.Run("ExpiredOnly", func(t *testing.T) {
		f := s.newFixture(t)
		if f.clock == nil {
			realTimeCleanup(t, f)
			return
		}
		a, b, c := newToken(), newToken(), newToken()
		commit(t, f.store, a, []byte("a"), f.base.Add(1*time.Hour))
		commit(t, f.store, b, []byte("b"), f.base.Add(2*time.Hour))
		commit(t, f.store, c, []byte("c"), f.base.Add(3*time.Hour))

		f.clock.Set(f.base.Add(90 * time.Minute))
		wantCleaned(t, f, 1, "first Cleanup with the clock past one of three expiries")
		wantCleaned(t, f, 0, "second Cleanup at the same time")

		// Back before every expiry, a session merely hidden by the expiry
		// check would be found again; a deleted one is not.
		f.clock.Set(f.base)
		wantMissing(t, f.store, a, "the cleaned session, with the clock set back before its expiry")
		wantFound(t, f.store, b, []byte("b"), "a live session after Cleanup")
		wantFound(t, f.store, c, []byte("c"), "a live session after Cleanup")
		wantListed(t, f.store, map[string][]byte{b: []byte("b"), c: []byte("c")},
			"after Cleanup, with the clock set back before every expiry")
	})

	t.Run("ManyRows", func(t *testing.T) {
		// More rows than any sensible batch: one call must keep deleting
		// batches until none is left.
		const expired, live = 2500, 10
		f := s.newFixture(t)
		expiredAt, liveUntil := f.base.Add(time.Hour), f.base.Add(3*time.Hour)
		if f.clock == nil {
			expiredAt, liveUntil = f.now().Add(-time.Hour), f.now().Add(time.Hour)
		}
		var sessions []session
		for range expired {
			sessions = append(sessions, session{newToken(), []byte("expired"), expiredAt})
		}
		for range live {
			sessions = append(sessions, session{newToken(), []byte("live"), liveUntil})
		}
		commitMany(t, f.store, sessions)
		if f.clock != nil {
			f.clock.Set(f.base.Add(2 * time.Hour))
		}
		wantCleaned(t, f, expired, "Cleanup of 2500 expired and 10 live sessions")
		wantCleaned(t, f, 0, "second Cleanup")
		wantListed(t, f.store, sessionMap(sessions[expired:]), "after Cleanup")
		for _, sess := range sessions[expired:] {
			wantFound(t, f.store, sess.token, sess.data, "a live session after Cleanup")
		}
	})

	t.Run("Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := probe.store.(Cleaner).Cleanup(ctx)
		wantErrIs(t, err, context.Canceled, "Cleanup with a canceled context")
	})
}

// realTimeCleanup is ExpiredOnly for stores that cannot be handed a clock: it
// waits for a short expiry to pass. A second Cleanup finding nothing stands in
// for setting the clock back.
func realTimeCleanup(t *testing.T, f *fixture) {
	t.Helper()
	const lifetime = 300 * time.Millisecond
	short, long := newToken(), newToken()
	expiry := time.Now().UTC().Add(lifetime)
	commit(t, f.store, short, []byte("short"), expiry)
	commit(t, f.store, long, []byte("long"), time.Now().UTC().Add(time.Hour))

	time.Sleep(time.Until(expiry) + 100*time.Millisecond)
	wantCleaned(t, f, 1, "first Cleanup after one of two sessions expired")
	wantCleaned(t, f, 0, "second Cleanup")
	wantFound(t, f.store, long, []byte("long"), "a live session after Cleanup")
}

// wantCleaned runs Cleanup and checks how many sessions it deleted.
func wantCleaned(t *testing.T, f *fixture, want int64, when string) {
	t.Helper()
	n, err := f.store.(Cleaner).Cleanup(context.Background())
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", when, err)
	}
	if n != want {
		t.Errorf("%s: deleted %d sessions, want %d", when, n, want)
	}
}
