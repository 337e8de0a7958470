package postgresstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestFaults(t *testing.T) {
	direct := testdb.Postgres(t)
	testdb.FaultSuite(t, testdb.FaultBackend{
		Dialect: dialect.Postgres,
		Server:  testdb.PostgresAddr(t),
		Exec:    testdb.DBExec(direct),
		Open: func(t *testing.T, addr string) func(sqlstore.Config) *sqlstore.Store {
			db := testdb.Open(t, "PostgreSQL", "postgres", testdb.PostgresDSNVia(t, addr))
			return func(cfg sqlstore.Config) *sqlstore.Store { return postgresstore.NewWithConfig(db, cfg) }
		},
		LostAnswerIsBadConn: true, // lib/pq
	})
}
