package mssqlstore_test

import (
	"database/sql"
	"os"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mssqlstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

// SQL Server cannot run on this project's machines, so its suite runs only where a server is
// named; it is the one suite SCSQL_REQUIRE_SERVERS does not demand.
func server(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("SCSQL_MSSQL_DSN")
	if dsn == "" {
		t.Skip("SKIPPING: SCSQL_MSSQL_DSN is not set, so the SQL Server conformance suite did not run (statements are covered by dialect's golden tests)")
	}
	return dsn
}

func TestConformance(t *testing.T) {
	db := testdb.Open(t, "SQL Server", "sqlserver", server(t))
	testdb.MustExec(t, db, "IF SCHEMA_ID('"+testdb.Schema+"') IS NULL EXEC('CREATE SCHEMA "+testdb.Schema+"')")
	storetest.Run(t, testdb.Harness(dialect.SQLServer, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mssqlstore.NewWithConfig(db, cfg)
	}))
}

func TestConformanceOnSCSSchema(t *testing.T) {
	db := testdb.Open(t, "SQL Server", "sqlserver", server(t))
	storetest.Run(t, testdb.SCSHarness(t, dialect.SQLServer, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mssqlstore.NewWithConfig(db, cfg)
	}, 0))
}

func TestConstructorsDoNoIO(t *testing.T) {
	// A handle to nowhere: sql.Open does not connect, and neither may the constructors.
	db, err := sql.Open("sqlserver", "sqlserver://nobody:nothing@127.0.0.1:1?database=none&dial+timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var _ *mssqlstore.MSSQLStore = (*mssqlstore.Store)(nil) // scs's type name still works
	for _, s := range []*mssqlstore.Store{
		mssqlstore.New(db),
		mssqlstore.NewWithCleanupInterval(db, 0),
		mssqlstore.NewWithConfig(db, mssqlstore.Config{TableName: "dbo.sessions"}),
	} {
		s.StopCleanup()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
}
