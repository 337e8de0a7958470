package storetest

import (
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// fixture is one fresh store under test and the clock it was handed.
type fixture struct {
	store scs.Store
	// clock is nil when the harness declared NoClock.
	clock *fakeClock
	// base is where the clock starts: the real time, so that expiries the
	// suite calls live are live by any other clock too, truncated to the
	// millisecond (see Config.Now).
	base time.Time
}

// newFixture makes a store on a fresh table named after the test.
func (s *suite) newFixture(t *testing.T) *fixture {
	t.Helper()
	return s.newFixtureOn(t, tableName(t))
}

// newFixtureOn makes a store on the given table.
func (s *suite) newFixtureOn(t *testing.T, table string) *fixture {
	t.Helper()
	return s.newFixtureWith(t, Config{TableName: table})
}

// newFixtureWith makes a store configured by cfg, with the suite's clock
// unless the harness declared NoClock.
func (s *suite) newFixtureWith(t *testing.T, cfg Config) *fixture {
	t.Helper()
	f := &fixture{base: time.Now().UTC().Truncate(time.Millisecond)}
	if !s.h.NoClock {
		f.clock = newFakeClock(f.base)
		cfg.Now = f.clock.Now
	}
	f.store = s.h.New(t, cfg)
	if f.store == nil {
		t.Fatal("storetest: Harness.New returned a nil store")
	}
	return f
}

// newRealTimeStore makes a store judged by the real clock, for tests where
// scs itself reads the real clock; principal is its Config.Principal.
func (s *suite) newRealTimeStore(t *testing.T, principal func([]byte) (string, bool)) scs.Store {
	t.Helper()
	st := s.h.New(t, Config{TableName: tableName(t), Principal: principal})
	if st == nil {
		t.Fatal("storetest: Harness.New returned a nil store")
	}
	return st
}

// now is the time by which the store judges expiry.
func (f *fixture) now() time.Time {
	if f.clock == nil {
		return time.Now().UTC()
	}
	return f.clock.Now()
}
