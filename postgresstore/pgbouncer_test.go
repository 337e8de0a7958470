package postgresstore_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// The PgBouncer tests go through the PgBouncer that `make services` starts, in transaction
// pooling mode, with Config.TransactionPooling set and binary_parameters=yes in the DSN (see
// testdb.PgBouncer).

func TestPgBouncerConformance(t *testing.T) {
	db := testdb.PgBouncer(t)
	storetest.Run(t, testdb.Harness(dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		cfg.TransactionPooling = true
		return postgresstore.NewWithConfig(db, cfg)
	}))
}

// TestTransactionPoolingPreparesNothing counts the named prepared statements on a one-connection
// pool's server session (direct to PostgreSQL) after the store's operations: some by default,
// none with TransactionPooling.
func TestTransactionPoolingPreparesNothing(t *testing.T) {
	for _, pooling := range []bool{false, true} {
		t.Run(fmt.Sprintf("pooling=%v", pooling), func(t *testing.T) {
			db := testdb.Open(t, "PostgreSQL", "postgres", testdb.PostgresDSN())
			db.SetMaxOpenConns(1)
			s := testdb.NewStore(t, dialect.Postgres, testdb.DBExec(db), func(c sqlstore.Config) *sqlstore.Store {
				c.TransactionPooling = pooling
				return postgresstore.NewWithConfig(db, c)
			}, sqlstore.Config{TableName: fmt.Sprintf("pq_prep_%08x", rand.Uint32())}, nil)
			testdb.CountPreparedAfterOps(t, s, func() (int, error) {
				var n int
				err := db.QueryRow("SELECT count(*) FROM pg_prepared_statements").Scan(&n)
				return n, err
			}, pooling)
		})
	}
}
