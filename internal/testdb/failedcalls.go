package testdb

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/scsql/scsql/sqlstore"
)

const (
	// maxConnsPerFailedCall is database/sql's own rule: a call tries two pooled connections and
	// then one new one before it gives up. A store must not open more against a server that
	// cannot be reached: every application instance multiplies it, and a PostgreSQL server that
	// is coming back forks a process for each (47 ms each on 2 cores).
	maxConnsPerFailedCall = 3
	// unreachableCallTimeout is the deadline of each call against an unreachable server: long
	// enough that a store which retried connecting until its deadline would show it.
	unreachableCallTimeout = 3 * time.Second
)

// connectionsPerFailedCall checks what a call costs a server that cannot take it: against a
// proxy that resets every new connection (refused), closes it at once (a server starting or
// stopping), or holds it silent (black hole), each call of a store with an empty pool opens at
// most maxConnsPerFailedCall connections, returns the connect error at once where there is one,
// and returns by its deadline where there is none.
//
// What each driver does about cancel requests: lib/pq sends one, on a new connection, when a
// statement's context ends, but only on a connection that finished its startup (it needs the
// backend's key), so none of these calls sends one; pgx closes the connection instead; a MySQL
// call sends none.
func connectionsPerFailedCall(t *testing.T, b FaultBackend) {
	modes := []struct {
		name string
		set  func(*FaultProxy)
		// answers: the client is told at once that it cannot connect.
		answers bool
	}{
		{"Refused", (*FaultProxy).RefuseNew, true},
		{"AcceptAndDrop", (*FaultProxy).DropNew, true},
		{"BlackHole", (*FaultProxy).BlackHole, false},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			proxy := NewFaultProxy(t, b.Server)
			newStore := b.Open(t, proxy.Addr())
			m.set(proxy)
			proxy.Cut() // what the pool opened before: the server went away under it
			s := newStore(sqlstore.Config{TableName: cleanupTable(t)})
			defer s.Close()
			token := Token(t)
			calls := []struct {
				name string
				op   func(ctx context.Context) error
			}{
				{"Commit", func(ctx context.Context) error {
					return s.CommitCtx(ctx, token, []byte("x"), time.Now().Add(time.Hour))
				}},
				{"Find", func(ctx context.Context) error { _, _, err := s.FindCtx(ctx, token); return err }},
				{"Delete", func(ctx context.Context) error { return s.DeleteCtx(ctx, token) }},
				{"All", func(ctx context.Context) error { _, err := s.AllCtx(ctx); return err }},
				{"Cleanup", func(ctx context.Context) error { _, err := s.Cleanup(ctx); return err }},
			}
			for _, c := range calls {
				before := proxy.Accepted()
				ctx, cancel := context.WithTimeout(context.Background(), unreachableCallTimeout)
				start := time.Now()
				err := c.op(ctx)
				took := time.Since(start)
				cancel()
				opened := proxy.Accepted() - before
				t.Logf("%s: %d connections, returned after %v: %v", c.name, opened, took.Round(time.Millisecond), err)
				switch {
				case err == nil:
					t.Errorf("%s succeeded against a server it cannot reach", c.name)
				case opened > maxConnsPerFailedCall:
					t.Errorf("%s opened %d connections to a server that cannot take them; want at most %d", c.name, opened, maxConnsPerFailedCall)
				case m.answers && errors.Is(err, context.DeadlineExceeded):
					t.Errorf("%s ran until its deadline although every connect failed at once (%d connections): the store retried connecting: %v", c.name, opened, err)
				case took > unreachableCallTimeout+faultSlack:
					t.Errorf("%s returned after %v; its deadline was %v", c.name, took.Round(time.Millisecond), unreachableCallTimeout)
				}
			}
		})
	}
}
