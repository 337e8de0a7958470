package postgresstore_test

import (
	"database/sql"
	"log"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// noAdvisoryLocks is PostgreSQL's dialect for a database that speaks PostgreSQL's SQL but has
// no advisory locks, as CockroachDB has none: everything is PostgreSQL's but the cleanup lock,
// which becomes the store's in-process lock, one per table. Purgers in different processes may
// then run at once; the delete's FOR UPDATE SKIP LOCKED keeps them off each other's rows.
func noAdvisoryLocks() dialect.Dialect {
	d := dialect.Postgres
	d.Name = "postgres-without-advisory-locks"
	d.SQL.TryLock, d.SQL.Unlock, d.SQL.LockedDeleteExpired = "", "", ""
	d.LockKey = nil
	return d
}

// A dialect of your own, derived from PostgreSQL's, runs through sqlstore with any
// database/sql driver. (See docs/dialects.md for CockroachDB and TiDB, which are untested.)
func Example_derivedDialect() {
	db, err := sql.Open("postgres", "postgres://user:password@127.0.0.1/app")
	if err != nil {
		log.Fatal(err)
	}
	d := noAdvisoryLocks()
	if err := d.Validate(); err != nil {
		log.Fatal(err) // sqlstore.NewDB would panic with the same error
	}
	store := sqlstore.NewDB(db, d, sqlstore.Config{CleanUpInterval: time.Minute})
	defer store.Close()
}

// The derived dialect, defined outside package dialect with its exported fields only, passes
// the conformance suite and the backend suites it needs no other connection for (cleanup,
// secrets) on PostgreSQL.
func TestDerivedDialect(t *testing.T) {
	db := testdb.Postgres(t)
	d := noAdvisoryLocks()
	newStore := func(cfg sqlstore.Config) *sqlstore.Store { return sqlstore.NewDB(db, d, cfg) }
	t.Run("Conformance", func(t *testing.T) {
		storetest.Run(t, testdb.Harness(d, testdb.DBExec(db), newStore))
	})
	t.Run("Backend", func(t *testing.T) {
		testdb.Run(t, testdb.Backend{Dialect: d, Open: func(*testing.T) testdb.Handle {
			return testdb.Handle{Exec: testdb.DBExec(db), New: newStore}
		}})
	})
}
