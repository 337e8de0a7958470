package storetest

import (
	"testing"
	"time"
)

// testExpiry checks that a session is found only while now < expiry, by the
// clock the store was handed.
func (s *suite) testExpiry(t *testing.T) {
	t.Run("Past", func(t *testing.T) {
		f := s.newFixture(t)
		live, expired := newToken(), newToken()
		commit(t, f.store, live, []byte("live"), f.now().Add(time.Hour))
		commit(t, f.store, expired, []byte("expired"), f.now().Add(-time.Hour))
		wantMissing(t, f.store, expired, "Find of a session committed with an expiry in the past")
		wantFound(t, f.store, live, []byte("live"), "Find of a live session next to an expired one")
		wantListed(t, f.store, map[string][]byte{live: []byte("live")}, "with one live and one expired session")
	})

	t.Run("Boundary", func(t *testing.T) {
		f := s.newFixture(t)
		if f.clock == nil {
			realTimeBoundary(t, f)
			return
		}
		token := newToken()
		data := []byte("boundary")
		expiry := f.base.Add(time.Hour)
		commit(t, f.store, token, data, expiry)
		only := map[string][]byte{token: data}
		none := map[string][]byte{}

		f.clock.Set(expiry.Add(-time.Millisecond))
		wantFound(t, f.store, token, data, "clock at expiry-1ms")
		wantListed(t, f.store, only, "clock at expiry-1ms")

		f.clock.Add(time.Millisecond)
		wantMissing(t, f.store, token, "clock at expiry (a session expires when now == expiry)")
		wantListed(t, f.store, none, "clock at expiry")

		f.clock.Add(time.Millisecond)
		wantMissing(t, f.store, token, "clock at expiry+1ms")
		wantListed(t, f.store, none, "clock at expiry+1ms")

		f.clock.Add(-2 * time.Millisecond)
		wantFound(t, f.store, token, data, "clock moved back to expiry-1ms (does the store judge by Config.Now?)")
		wantListed(t, f.store, only, "clock moved back to expiry-1ms")
	})

	t.Run("InjectedClock", func(t *testing.T) {
		f := s.newFixture(t)
		if f.clock == nil {
			t.Skip("the harness declared NoClock: the store judges expiry by a clock the suite cannot move")
		}
		// Each session is live by one clock and expired by the other, so a
		// store that asks the database for the time gets both wrong.
		pastLive, futureExpired := newToken(), newToken()
		commit(t, f.store, pastLive, []byte("past but live"), f.base.Add(-time.Hour))
		commit(t, f.store, futureExpired, []byte("future but expired"), f.base.Add(time.Hour))

		f.clock.Set(f.base.Add(-2 * time.Hour))
		wantFound(t, f.store, pastLive, []byte("past but live"),
			"expiry an hour ago by the real clock, an hour ahead by the injected clock")
		f.clock.Set(f.base.Add(2 * time.Hour))
		wantMissing(t, f.store, futureExpired,
			"expiry an hour ahead by the real clock, an hour ago by the injected clock")
		wantListed(t, f.store, map[string][]byte{}, "with the injected clock past both expiries")
	})

	t.Run("TimeZones", func(t *testing.T) {
		// Expiries and clock readings in zones far from UTC, and from each
		// other, catch a store that binds wall-clock time and drops the zone:
		// it would see the live session as 11 hours old and the expired one
		// as 13 hours ahead.
		east := time.FixedZone("UTC+14", 14*60*60)
		west := time.FixedZone("UTC-12", -12*60*60)
		f := s.newFixture(t)
		if f.clock != nil {
			f.clock.Set(f.base.In(east))
		}
		live, expired := newToken(), newToken()
		commit(t, f.store, live, []byte("live"), f.now().Add(time.Hour).In(west))
		commit(t, f.store, expired, []byte("expired"), f.now().Add(-time.Hour).In(east))
		wantFound(t, f.store, live, []byte("live"), "expiry an hour ahead, given in UTC-12")
		wantMissing(t, f.store, expired, "expiry an hour ago, given in UTC+14")
		wantListed(t, f.store, map[string][]byte{live: []byte("live")}, "with expiries given in UTC-12 and UTC+14")
	})
}

// realTimeBoundary is Boundary for stores that cannot be handed a clock: it
// waits for a short expiry to pass. It cannot check the exact instant.
func realTimeBoundary(t *testing.T, f *fixture) {
	t.Helper()
	const lifetime = 300 * time.Millisecond
	// slack covers the distance between the suite's reading of the clock and
	// the store's.
	const slack = 50 * time.Millisecond

	token := newToken()
	data := []byte("boundary")
	expiry := time.Now().UTC().Add(lifetime)
	commit(t, f.store, token, data, expiry)

	_, found := find(t, f.store, token)
	switch {
	case found:
	case time.Now().Before(expiry.Add(-slack)):
		t.Errorf("Find %v before expiry: not found, want found", time.Until(expiry).Round(time.Millisecond))
	default:
		t.Logf("the machine is too slow to check the session before its %v expiry", lifetime)
	}

	time.Sleep(time.Until(expiry) + 2*slack)
	wantMissing(t, f.store, token, "Find after expiry")
	wantListed(t, f.store, map[string][]byte{}, "after expiry")
}
