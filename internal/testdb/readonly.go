package testdb

import (
	"context"
	"database/sql"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// ReadOnlyBackend tells ReadOnlySuite how to reach one real server.
type ReadOnlyBackend struct {
	Dialect dialect.Dialect
	// Exec runs a statement on the server: the suite creates and drops its table with it.
	Exec Execer
	// Executor is the store's executor on a pool that holds up to ReadOnlyConns idle
	// connections.
	Executor sqlstore.Executor
	// Statement makes a session refuse writes for the rest of its life (PostgreSQL: SET SESSION
	// CHARACTERISTICS AS TRANSACTION READ ONLY; MySQL and MariaDB: SET SESSION TRANSACTION READ
	// ONLY).
	Statement string
	// Acquire takes a connection of that pool and holds it until release is called; run runs a
	// statement on it.
	Acquire func(ctx context.Context) (run func(ctx context.Context, query string) error, release func(), err error)
}

// makeReadOnly takes n connections of b's pool at once, runs b.Statement on each, and puts them
// back into the pool, idle: what a pool holds after its node was demoted or fenced under it.
func (b ReadOnlyBackend) makeReadOnly(ctx context.Context, n int) error {
	for range n {
		run, release, err := b.Acquire(ctx)
		if err != nil {
			return err
		}
		defer release()
		if err := run(ctx, b.Statement); err != nil {
			return err
		}
	}
	return nil
}

// ReadOnlyConns is how many connections ReadOnlySuite makes read-only: database/sql's default
// number of idle connections. A write runs at most three times (as after a lost connection), so
// a pool that holds more read-only connections than two fails a write for each three it closes.
const ReadOnlyConns = 2

// ReadOnlySuite checks that a write refused by a read-only connection (dialect.ReadOnly) is
// treated like a lost connection: with every idle connection of the pool read-only, Commit and
// Delete succeed, within their context, on a connection the pool opens anew, and the read-only
// ones leave the pool. It counts the refusals through the executor, so that a pass is not
// vacuous.
func ReadOnlySuite(t *testing.T, b ReadOnlyBackend) {
	var refused atomic.Int64
	exec := CountingExecutor{Executor: b.Executor, Count: func(_ context.Context, _ string, err error) {
		if b.Dialect.ReadOnly(err) {
			refused.Add(1)
		}
	}}
	s := NewStore(t, b.Dialect, b.Exec, func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlstore.New(exec, b.Dialect, cfg)
	}, sqlstore.Config{TableName: cleanupTable(t)}, nil)
	token := Token(t)
	expiry := time.Now().Add(time.Hour)

	for _, step := range []struct {
		name string
		op   func(ctx context.Context) error
	}{
		{"Commit", func(ctx context.Context) error { return s.CommitCtx(ctx, token, []byte("written"), expiry) }},
		{"Delete", func(ctx context.Context) error { return s.DeleteCtx(ctx, token) }},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := b.makeReadOnly(ctx, ReadOnlyConns); err != nil {
			cancel()
			t.Fatalf("make %d connections read-only: %v", ReadOnlyConns, err)
		}
		before := refused.Load()
		err := step.op(ctx)
		cancel()
		if err != nil {
			t.Fatalf("%s with every idle connection read-only: %v", step.name, err)
		}
		n := refused.Load() - before
		if n == 0 {
			t.Fatalf("%s met no read-only connection: the test did not test the path", step.name)
		}
		t.Logf("%s: refused as read-only %d time(s), then succeeded on a new connection", step.name, n)
		if step.name == "Commit" {
			if data, found, err := s.Find(token); err != nil || !found || string(data) != "written" {
				t.Fatalf("after Commit: Find = %q, %v, %v", data, found, err)
			}
		}
	}
	if _, found, err := s.Find(token); err != nil || found {
		t.Fatalf("after Delete: Find = %v, %v; want not found", found, err)
	}
	// The read-only connections are gone: the next writes meet none.
	before := refused.Load()
	for range 2 * ReadOnlyConns {
		if err := s.Commit(token, []byte("again"), expiry); err != nil {
			t.Fatal(err)
		}
	}
	if n := refused.Load() - before; n != 0 {
		t.Errorf("%d later writes were refused as read-only: the read-only connections stayed in the pool", n)
	}
}

// DBReadOnly returns the ReadOnlyBackend of a store on db, whose sessions stmt makes read-only.
// It lets db keep ReadOnlyConns idle connections.
func DBReadOnly(d dialect.Dialect, db *sql.DB, stmt string) ReadOnlyBackend {
	db.SetMaxIdleConns(ReadOnlyConns)
	return ReadOnlyBackend{
		Dialect:   d,
		Exec:      DBExec(db),
		Executor:  sqlstore.FromDB(db),
		Statement: stmt,
		Acquire: func(ctx context.Context) (func(context.Context, string) error, func(), error) {
			c, err := db.Conn(ctx)
			if err != nil {
				return nil, nil, err
			}
			run := func(ctx context.Context, query string) error {
				_, err := c.ExecContext(ctx, query)
				return err
			}
			return run, func() { c.Close() }, nil
		},
	}
}
