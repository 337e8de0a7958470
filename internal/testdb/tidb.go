package testdb

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// TiDBDSN returns SCSQL_TIDB_DSN, the TiDB server that `make test-tidb` starts with scripts/tidb,
// or "" when it is unset.
func TiDBDSN() string { return strings.TrimSpace(os.Getenv("SCSQL_TIDB_DSN")) }

// TiDB opens the TiDB server named by SCSQL_TIDB_DSN, in the DSN's database, makes sure Schema
// exists, and closes the handle when the test ends.
//
// TiDB is not one of the servers `make services` provides, so SCSQL_REQUIRE_SERVERS does not
// demand it: with SCSQL_TIDB_DSN unset the test skips loudly, and `make test` runs `make
// test-tidb` as a step of its own, which sets it. When it is set, the server must answer and
// be TiDB, or the test fails.
func TiDB(t testing.TB) *sql.DB {
	t.Helper()
	return tidbOpen(t, "", nil)
}

// TiDBIn is TiDB with database, created if missing, as the default database.
func TiDBIn(t testing.TB, database string) *sql.DB {
	t.Helper()
	return tidbOpen(t, database, nil)
}

// TiDBWith is TiDB with session variables set on every connection, as DSN parameters:
// {"tidb_txn_mode": "'optimistic'"}.
func TiDBWith(t testing.TB, vars map[string]string) *sql.DB {
	t.Helper()
	return tidbOpen(t, "", vars)
}

// tidbOpen opens the server with database as the default database ("": the DSN's), after
// making sure that and Schema exist.
func tidbOpen(t testing.TB, database string, vars map[string]string) *sql.DB {
	t.Helper()
	dsn := TiDBDSN()
	if dsn == "" {
		t.Skip("SKIPPING: SCSQL_TIDB_DSN is unset, so the TiDB tests did not run (run `make test-tidb`, which builds and starts tidb-server with scripts/tidb)")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("SCSQL_TIDB_DSN: %v", err)
	}
	admin, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatalf("open TiDB: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var version string
	if err := admin.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		t.Fatalf("TiDB (SCSQL_TIDB_DSN) is unreachable: %v", err)
	}
	if !strings.Contains(version, "TiDB") {
		t.Fatalf("SCSQL_TIDB_DSN names a server that is not TiDB (VERSION() = %q)", version)
	}
	for _, db := range []string{Schema, database} {
		if db == "" {
			continue
		}
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+db); err != nil {
			t.Fatalf("CREATE DATABASE %s: %v", db, err)
		}
	}
	if database != "" {
		cfg.DBName = database
	}
	for k, v := range vars {
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		// go-sql-driver/mysql runs SET k=v on each new connection for a parameter it does not
		// know itself.
		cfg.Params[k] = v
	}
	return Open(t, "TiDB", "mysql", cfg.FormatDSN())
}

// TiDBAddr returns the host:port of the TiDB server TiDBDSN names.
func TiDBAddr(t testing.TB) string {
	t.Helper()
	return mysqlAddr(t, "SCSQL_TIDB_DSN", TiDBDSN())
}

// TiDBDSNVia returns TiDBDSN with its address replaced by addr, to reach the server through a
// FaultProxy.
func TiDBDSNVia(t testing.TB, addr string) string {
	t.Helper()
	return mysqlDSNVia(t, "SCSQL_TIDB_DSN", TiDBDSN(), addr)
}
