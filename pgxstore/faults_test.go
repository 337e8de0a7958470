package pgxstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestFaults(t *testing.T) {
	direct := pool(t, testdb.PostgresDSN())
	testdb.FaultSuite(t, testdb.FaultBackend{
		Dialect: dialect.Postgres,
		Server:  testdb.PostgresAddr(t),
		Exec:    poolExec(direct),
		Open: func(t *testing.T, addr string) func(sqlstore.Config) *sqlstore.Store {
			// As many connections as the suite's clients, so that calls on a broken connection
			// are not the only ones running (pgxpool's default is 4 on this machine).
			p := pool(t, testdb.PostgresDSNVia(t, addr), 16)
			return func(cfg sqlstore.Config) *sqlstore.Store { return pgxstore.NewWithConfig(p, cfg) }
		},
	})
}
