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
	// MakeReadOnly takes n connections of that pool at once, makes each refuse writes for the
	// rest of its life with a session setting (PostgreSQL: SET SESSION CHARACTERISTICS AS
	// TRANSACTION READ ONLY; MySQL and MariaDB: SET SESSION TRANSACTION READ ONLY), and puts them
	// back into the pool, idle: what a pool holds after its node was demoted or fenced under it.
	MakeReadOnly func(ctx context.Context, n int) error
}

// ReadOnlyConns is how many connections ReadOnlySuite makes read-only.
const ReadOnlyConns = 4

// ReadOnlySuite checks that a write refused by a read-only connection (dialect.ReadOnly) is
// treated like a lost connection: with every idle connection of the pool read-only, Commit and
// Delete succeed, within their context, on a connection the pool opens anew, and the read-only
// ones leave the pool. It counts the refusals through the executor, so that a pass is not
// vacuous.
func ReadOnlySuite(t *testing.T, b ReadOnlyBackend) {
	var refused atomic.Int64
	exec := readOnlyCounter{Executor: b.Executor, d: b.Dialect, refused: &refused}
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
		if err := b.MakeReadOnly(ctx, ReadOnlyConns); err != nil {
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

// readOnlyCounter counts the statements refused as read-only, on the pool and on held
// connections.
type readOnlyCounter struct {
	sqlstore.Executor
	d       dialect.Dialect
	refused *atomic.Int64
}

func (c readOnlyCounter) count(err error) {
	if c.d.ReadOnly(err) {
		c.refused.Add(1)
	}
}

func (c readOnlyCounter) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	n, err := c.Executor.Exec(ctx, query, args...)
	c.count(err)
	return n, err
}

func (c readOnlyCounter) WithConn(ctx context.Context, fn func(sqlstore.Querier) error) error {
	return c.Executor.WithConn(ctx, func(q sqlstore.Querier) error {
		return fn(readOnlyQuerier{q, c})
	})
}

type readOnlyQuerier struct {
	sqlstore.Querier
	c readOnlyCounter
}

func (q readOnlyQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	n, err := q.Querier.Exec(ctx, query, args...)
	q.c.count(err)
	return n, err
}

// DBReadOnly returns the ReadOnlyBackend of a store on db, whose sessions stmt makes read-only.
// It lets db keep ReadOnlyConns idle connections.
func DBReadOnly(d dialect.Dialect, db *sql.DB, stmt string) ReadOnlyBackend {
	db.SetMaxIdleConns(ReadOnlyConns)
	return ReadOnlyBackend{
		Dialect:  d,
		Exec:     DBExec(db),
		Executor: sqlstore.FromDB(db),
		MakeReadOnly: func(ctx context.Context, n int) error {
			var conns []*sql.Conn
			defer func() {
				for _, c := range conns {
					c.Close()
				}
			}()
			for range n {
				c, err := db.Conn(ctx)
				if err != nil {
					return err
				}
				conns = append(conns, c)
				if _, err := c.ExecContext(ctx, stmt); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
