package postgresstore_test

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// The same store on pgx's database/sql driver (github.com/jackc/pgx/v5/stdlib, registered as
// "pgx"), which lib/pq's README points new users to: the conformance suite, the network faults,
// the cleanup, and PgBouncer.

// pgxStdlib opens PostgreSQL at dsn through pgx's database/sql driver and makes sure
// testdb.Schema exists.
func pgxStdlib(t testing.TB, server, dsn string) *sql.DB {
	t.Helper()
	db := testdb.Open(t, server, "pgx", dsn)
	testdb.MustExec(t, db, "CREATE SCHEMA IF NOT EXISTS "+testdb.Schema)
	return db
}

func onDB(db *sql.DB) func(sqlstore.Config) *sqlstore.Store {
	return func(cfg sqlstore.Config) *sqlstore.Store { return postgresstore.NewWithConfig(db, cfg) }
}

func TestPgxStdlibConformance(t *testing.T) {
	db := pgxStdlib(t, "PostgreSQL", testdb.PostgresDSN())
	storetest.Run(t, testdb.Harness(dialect.Postgres, testdb.DBExec(db), onDB(db)))
}

func TestPgxStdlibConformanceOnSCSSchema(t *testing.T) {
	db := pgxStdlib(t, "PostgreSQL", testdb.PostgresDSN())
	storetest.Run(t, testdb.SCSHarness(t, dialect.Postgres, testdb.DBExec(db), onDB(db), 0))
}

func TestPgxStdlibCleanup(t *testing.T) {
	db := pgxStdlib(t, "PostgreSQL", testdb.PostgresDSN())
	testdb.CleanupSuite(t, dialect.Postgres, testdb.DBExec(db), onDB(db))
}

// TestPgxStdlibFaults runs the fault suite on pgx's database/sql driver told to ping a pooled
// connection before every reuse (stdlib.OptionShouldPing). pgx reports a lost answer as an error
// of its own, never driver.ErrBadConn. By default it pings only a connection idle for over a
// second, so the first calls on connections that died less than a second after their last use
// fail with "unexpected EOF" (CutIdlePool): pgx cannot know whether the server received the
// statement, the store does not run a write of unknown outcome again, and database/sql runs
// nothing again without driver.ErrBadConn. Every other case of the suite passes with pgx's
// defaults; the package documentation says so.
func TestPgxStdlibFaults(t *testing.T) {
	runFaults(t, false, func(t *testing.T, addr string) *sql.DB {
		cfg, err := pgx.ParseConfig(testdb.PostgresDSNVia(t, addr))
		if err != nil {
			t.Fatal(err)
		}
		db := stdlib.OpenDB(*cfg, stdlib.OptionShouldPing(func(context.Context, stdlib.ShouldPingParams) bool { return true }))
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// pgxStdlibPgBouncer opens PgBouncer (transaction pooling) through pgx's database/sql driver.
// pgx prepares and caches every statement by name unless told otherwise, whatever the store
// does, so the DSN sets default_query_exec_mode=exec: each query is sent with its arguments,
// unprepared, in one round trip.
func pgxStdlibPgBouncer(t *testing.T) *sql.DB {
	t.Helper()
	testdb.CheckPgBouncerPools(t)
	u, err := url.Parse(testdb.PgBouncerDSN())
	if err != nil {
		t.Fatalf("SCSQL_PGBOUNCER_DSN: %v", err)
	}
	q := u.Query()
	q.Set("default_query_exec_mode", "exec")
	u.RawQuery = q.Encode()
	return pgxStdlib(t, "PgBouncer", u.String())
}

func onPgBouncer(db *sql.DB) func(sqlstore.Config) *sqlstore.Store {
	return func(cfg sqlstore.Config) *sqlstore.Store {
		cfg.TransactionPooling = true
		return postgresstore.NewWithConfig(db, cfg)
	}
}

func TestPgxStdlibPgBouncerConformance(t *testing.T) {
	db := pgxStdlibPgBouncer(t)
	storetest.Run(t, testdb.Harness(dialect.Postgres, testdb.DBExec(db), onPgBouncer(db)))
}

func TestPgxStdlibPgBouncerCleanup(t *testing.T) {
	db := pgxStdlibPgBouncer(t)
	testdb.PgBouncerCleanupSuite(t, testdb.DBExec(db), onPgBouncer(db), testdb.Postgres(t))
}
