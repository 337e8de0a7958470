package postgresstore_test

import (
	"database/sql"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestFaults(t *testing.T) {
	runFaults(t, true, func(t *testing.T, addr string) *sql.DB {
		return testdb.Open(t, "PostgreSQL", "postgres", testdb.PostgresDSNVia(t, addr))
	})
}

// runFaults runs testdb.FaultSuite on stores whose pool open returns, reaching the server
// through the suite's proxy at addr. lostAnswerIsBadConn says the driver reports a lost answer
// as driver.ErrBadConn (lib/pq does; see testdb.FaultBackend).
func runFaults(t *testing.T, lostAnswerIsBadConn bool, open func(t *testing.T, addr string) *sql.DB) {
	direct := testdb.Postgres(t)
	testdb.FaultSuite(t, testdb.FaultBackend{
		Dialect: dialect.Postgres,
		Server:  testdb.PostgresAddr(t),
		Exec:    testdb.DBExec(direct),
		Open: func(t *testing.T, addr string) func(sqlstore.Config) *sqlstore.Store {
			db := open(t, addr)
			return func(cfg sqlstore.Config) *sqlstore.Store { return postgresstore.NewWithConfig(db, cfg) }
		},
		LostAnswerIsBadConn: lostAnswerIsBadConn,
	})
}
