package testdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// DefaultPgBouncerDSN is the PgBouncer that `make services` starts: transaction pooling in front
// of the PostgreSQL at DefaultPostgresDSN.
const DefaultPgBouncerDSN = "postgres://postgres@127.0.0.1:6432/test?sslmode=disable"

// PgBouncerDSN returns the DSN of a PgBouncer in transaction pooling mode, from
// SCSQL_PGBOUNCER_DSN. It is the DSN pgx uses; lib/pq adds binary_parameters=yes (see
// PgBouncer).
func PgBouncerDSN() string { return env("SCSQL_PGBOUNCER_DSN", DefaultPgBouncerDSN) }

// PgBouncer opens PgBouncer through lib/pq, checks that it pools transactions (so that the
// tests through it test that case), and makes sure Schema exists. The DSN gets
// binary_parameters=yes, which lib/pq needs behind a transaction pooler (why: see
// sqlstore.Config.TransactionPooling). An unreachable
// PgBouncer calls Unreachable: it is one of the servers `make services` provides.
func PgBouncer(t testing.TB) *sql.DB {
	t.Helper()
	CheckPgBouncerPools(t)
	u := pgBouncerURL(t)
	q := u.Query()
	q.Set("binary_parameters", "yes")
	u.RawQuery = q.Encode()
	db := Open(t, "PgBouncer", "postgres", u.String())
	MustExec(t, db, "CREATE SCHEMA IF NOT EXISTS "+Schema)
	return db
}

func pgBouncerURL(t testing.TB) *url.URL {
	t.Helper()
	u, err := url.Parse(PgBouncerDSN())
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("SCSQL_PGBOUNCER_DSN must be a postgres:// URL: %q (%v)", PgBouncerDSN(), err)
	}
	return u
}

// CheckPgBouncerPools asks PgBouncer's admin console (database "pgbouncer" at the same address)
// for its pool_mode and fails the test unless it is "transaction".
func CheckPgBouncerPools(t testing.TB) {
	t.Helper()
	u := pgBouncerURL(t)
	u.Path = "/pgbouncer"
	// Not Open: the admin console answers no ping, and speaks only the simple protocol (a
	// query without arguments).
	admin, err := sql.Open("postgres", u.String())
	if err != nil {
		t.Fatalf("open PgBouncer's admin console: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rows, err := admin.QueryContext(ctx, "SHOW CONFIG")
	if err != nil {
		Unreachable(t, "PgBouncer", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	mode := ""
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		if len(vals) > 1 && string(vals[0]) == "pool_mode" {
			mode = string(vals[1])
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if mode != "transaction" {
		t.Fatalf("PgBouncer at SCSQL_PGBOUNCER_DSN has pool_mode %q; these tests need transaction pooling", mode)
	}
}

// PgBouncerCleanupSuite checks the cleanup through PgBouncer in transaction pooling mode, with
// stores made by newStore (which must set sqlstore.Config.TransactionPooling): several stores
// purge one table while commits run, every expired row goes and no live one, no error
// surfaces, no advisory lock is left held on any server connection (checked on direct, a
// direct connection to PostgreSQL), and run after run takes the lock and completes.
func PgBouncerCleanupSuite(t *testing.T, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store, direct *sql.DB) {
	table := fmt.Sprintf("pgb_cleanup_%08x", rand.Uint32())
	first := NewStore(t, dialect.Postgres, exec, newStore, sqlstore.Config{TableName: table}, nil)
	stmts, err := dialect.Postgres.Statements(table)
	if err != nil {
		t.Fatal(err)
	}
	key := stmts.LockKey.(int64)

	t.Run("LockCheckSeesAHeldLock", func(t *testing.T) {
		conn, err := direct.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(context.Background(), stmts.TryLock, key); err != nil {
			t.Fatal(err)
		}
		if n := advisoryLockHolders(t, direct, key); n != 1 {
			t.Errorf("pg_locks shows %d holders of a lock one session holds", n)
		}
		if _, err := conn.ExecContext(context.Background(), stmts.Unlock, key); err != nil {
			t.Fatal(err)
		}
		wantNoAdvisoryLock(t, direct, key)
	})

	t.Run("ManyPurgersWhileCommitting", func(t *testing.T) {
		const seeded = 3000
		load, results := purgeWhileCommitting(t, newStore, first, table, seeded)
		var deleted int64
		ran, skipped, yielded := 0, 0, 0
		for _, r := range results {
			if r.Err != nil && !errors.Is(r.Err, context.Canceled) {
				t.Errorf("a cleanup run failed: %v", r.Err)
			}
			deleted += r.Deleted
			switch {
			case r.Skipped && r.Deleted > 0:
				yielded++
			case r.Skipped:
				skipped++
			default:
				ran++
			}
		}
		if want := int64(seeded) + load.Short; deleted != want {
			t.Errorf("runs deleted %d rows in all; want exactly the %d expired ones", deleted, want)
		}
		t.Logf("%d commits; %d runs ran to the end, %d stopped when another's statement held the lock, %d skipped at once; %d rows deleted", load.Commits, ran, yielded, skipped, deleted)
		wantNoAdvisoryLock(t, direct, key)
	})

	t.Run("RunAfterRun", func(t *testing.T) {
		var res sqlstore.CleanupResult
		s := newStore(sqlstore.Config{TableName: table, CleanUpBatchSize: 40, CleanUpBatchPause: -1,
			OnCleanup: func(r sqlstore.CleanupResult) { res = r }})
		defer s.Close()
		for run := range 20 {
			seedExpired(t, first, 100)
			n, err := s.Cleanup(context.Background())
			if err != nil || res.Skipped || !res.Complete || n != 100 {
				t.Fatalf("run %d: Cleanup = %d, %v (skipped %v, complete %v); want 100 deleted by a run that took the lock", run, n, err, res.Skipped, res.Complete)
			}
		}
		wantNoAdvisoryLock(t, direct, key)
	})

	t.Run("CancelledRunLeavesNoLock", func(t *testing.T) {
		s := newStore(sqlstore.Config{TableName: table, CleanUpBatchSize: 10, CleanUpBatchPause: time.Hour})
		defer s.Close()
		seedExpired(t, first, 100)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		if n, err := s.Cleanup(ctx); !errors.Is(err, context.DeadlineExceeded) || n != 10 {
			t.Fatalf("Cleanup = %d, %v; want one batch of 10, then context.DeadlineExceeded during the pause", n, err)
		}
		wantNoAdvisoryLock(t, direct, key)
		wantLockFree(t, newStore, table, 90)
	})
}

// wantNoAdvisoryLock fails the test if any PostgreSQL session still holds or waits for the
// advisory lock with the given bigint key a few seconds after every run ended. A run cancelled
// mid-statement has returned, but the server ends the statement it abandoned (and with it the
// statement's transaction-level lock) only when it notices: pgx closes the connection instead
// of waiting, so for a moment pg_locks may still show it.
//
// pg_locks shows a bigint key as its high and low 32 bits, in
// classid and objid, with objsubid 1.
func wantNoAdvisoryLock(t *testing.T, direct *sql.DB, key int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := advisoryLockHolders(t, direct, key)
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%d sessions hold or wait for the table's cleanup lock 5 s after every run ended", n)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// advisoryLockHolders counts the sessions that hold or wait for the advisory lock key.
func advisoryLockHolders(t *testing.T, direct *sql.DB, key int64) int {
	t.Helper()
	var n int
	err := direct.QueryRow(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND classid = $1 AND objid = $2`,
		int64(uint32(uint64(key)>>32)), int64(uint32(uint64(key)))).Scan(&n)
	if err != nil {
		t.Fatalf("pg_locks: %v", err)
	}
	return n
}

// CountPreparedAfterOps runs every kind of operation on s and then counts, with prepared, the
// named prepared statements of the one server session s used. With pooling
// (sqlstore.Config.TransactionPooling) there must be none; without, the store's own must be
// there, which shows that the count sees them.
func CountPreparedAfterOps(t *testing.T, s *sqlstore.Store, prepared func() (int, error), pooling bool) {
	t.Helper()
	ctx := context.Background()
	if err := s.Commit("prep-token", []byte("x"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, found, err := s.Find("prep-token"); err != nil || !found {
		t.Fatalf("Find = %v, %v", found, err)
	}
	if _, err := s.All(); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("prep-token"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := prepared()
	if err != nil {
		t.Fatalf("count prepared statements: %v", err)
	}
	switch {
	case pooling && n != 0:
		t.Errorf("with TransactionPooling, the session has %d named prepared statements; want none", n)
	case !pooling && n < 4:
		t.Errorf("without TransactionPooling, the session has %d named prepared statements; want the store's (at least 4)", n)
	}
	t.Logf("named prepared statements on the session: %d", n)
}
