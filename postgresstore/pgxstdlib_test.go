package postgresstore_test

import (
	"database/sql"
	"net/url"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// The same store on pgx's database/sql driver (github.com/jackc/pgx/v5/stdlib, registered as
// "pgx"), which lib/pq's README points new users to: the conformance suite, directly and
// through PgBouncer, and every backend suite.

// pgxSuites describes PostgreSQL through pgx's database/sql driver to the backend suites, as
// suites does through lib/pq.
var pgxSuites = testdb.Backend{
	Dialect: dialect.Postgres,
	Open: func(t *testing.T) testdb.Handle {
		return on(pgxStdlib(t, "PostgreSQL", testdb.PostgresDSN()))
	},
	Sizes: suites.Sizes,
	Times: []testdb.TimeCase{{
		Name: "ServerDefaults",
		Zones: func(t *testing.T) testdb.ZoneBackend {
			return testdb.Zoned(t, pgZones, func(t *testing.T, zone string) testdb.Handle {
				if zone == "" {
					return on(pgxStdlib(t, "PostgreSQL", testdb.PostgresDSN()))
				}
				return on(pgxStdlib(t, "PostgreSQL", testdb.PostgresDSNWith(t, map[string]string{"timezone": zone})))
			}, testdb.PostgresZone(t, "UTC"), testdb.PostgresExpiry)
		},
	}},
	// pgx reports a lost answer as an error of its own, never driver.ErrBadConn. It checks a
	// pooled connection (a ping, in ResetSession) only when over a second has passed since the
	// connection was last taken from the pool; the package documentation says what that means.
	Faults: &testdb.Faults{
		Server: testdb.PostgresAddr,
		Via: func(t *testing.T, addr string) testdb.Handle {
			return on(testdb.Open(t, "PostgreSQL", "pgx", testdb.PostgresDSNVia(t, addr)))
		},
		IdleCheckAfter: time.Second,
	},
	Privileges: &testdb.Privileges{
		User: testdb.PostgresUser,
		As: func(t *testing.T, user testdb.User) testdb.Handle {
			return on(testdb.Open(t, "PostgreSQL", "pgx", user.DSN))
		},
	},
	PgBouncer: func(t *testing.T) testdb.Handle {
		db := pgxStdlibPgBouncer(t)
		return testdb.Handle{Exec: testdb.DBExec(db), New: onPgBouncer(db)}
	},
}

// TestPgxStdlibBackend runs the backend suites on pgx's database/sql driver: cleanup, secrets,
// sizes, time zones, faults, least privilege and PgBouncer.
func TestPgxStdlibBackend(t *testing.T) { testdb.Run(t, pgxSuites) }

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
