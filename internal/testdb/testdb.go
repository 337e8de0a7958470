// Package testdb connects this module's tests to the real servers they run against and builds
// conformance-suite harnesses for scsql stores. Each package describes its database and driver
// once as a Backend and runs every backend suite with Run. It is for tests only.
//
// Servers come from SCSQL_POSTGRES_DSN, SCSQL_MYSQL_DSN and SCSQL_MSSQL_DSN, defaulting to the
// local PostgreSQL and MariaDB that `make services` starts. An unreachable server skips its
// tests with a loud reason, unless SCSQL_REQUIRE_SERVERS=1 (CI sets it), which fails them.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	// The database/sql drivers of the servers the tests open. SQLite's drivers live in
	// packages of their own (see SQLiteDriver).
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/lib/pq"
	_ "github.com/microsoft/go-mssqldb"
)

// Default DSNs of the servers `make services` provides.
const (
	DefaultPostgresDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQLDSN    = "root@tcp(127.0.0.1:3306)/test"
)

// Schema is the schema (a database, for MySQL) that schema-qualified table tests use.
const Schema = "scsql_test"

// PostgresDSN returns the PostgreSQL server's DSN.
func PostgresDSN() string { return env("SCSQL_POSTGRES_DSN", DefaultPostgresDSN) }

// MySQLDSN returns the MySQL or MariaDB server's DSN.
func MySQLDSN() string { return env("SCSQL_MYSQL_DSN", DefaultMySQLDSN) }

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// Unreachable ends a test whose server cannot be reached: it fails when SCSQL_REQUIRE_SERVERS=1
// and skips with a loud reason otherwise.
func Unreachable(t testing.TB, server string, err error) {
	t.Helper()
	if os.Getenv("SCSQL_REQUIRE_SERVERS") == "1" {
		t.Fatalf("%s is required (SCSQL_REQUIRE_SERVERS=1) but unreachable: %v", server, err)
	}
	noteSkip(t, server, err)
	t.Skipf("SKIPPING: %s is unreachable, so these tests did not run: %v (run `make services`, or set SCSQL_REQUIRE_SERVERS=1 to fail instead)", server, err)
}

// noteSkip appends a line naming the skipped test to the file SCSQL_SKIP_LOG names, when set:
// `go test` shows a passing package's skips only with -v, so `make test` collects them there and
// prints them after the tests.
func noteSkip(t testing.TB, server string, err error) {
	path := os.Getenv("SCSQL_SKIP_LOG")
	if path == "" {
		return
	}
	f, ferr := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if ferr != nil {
		t.Logf("SCSQL_SKIP_LOG: %v", ferr)
		return
	}
	defer f.Close()
	pkg := strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
	// One write, so that lines of test binaries running at once do not interleave.
	if _, werr := fmt.Fprintf(f, "%s %s: %s unreachable (%v)\n", pkg, t.Name(), server, err); werr != nil {
		t.Logf("SCSQL_SKIP_LOG: %v", werr)
	}
}

// Open opens a database/sql handle, pings it, and closes it when the test ends. It calls
// Unreachable when the ping fails.
func Open(t testing.TB, server, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", server, err)
	}
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		Unreachable(t, server, err)
	}
	return db
}

// Postgres opens the PostgreSQL server through lib/pq and makes sure Schema exists.
func Postgres(t testing.TB) *sql.DB {
	t.Helper()
	db := Open(t, "PostgreSQL", "postgres", PostgresDSN())
	MustExec(t, db, "CREATE SCHEMA IF NOT EXISTS "+Schema)
	return db
}

// MySQL opens the MySQL or MariaDB server and makes sure the Schema database exists.
func MySQL(t testing.TB) *sql.DB {
	t.Helper()
	db := Open(t, "MySQL/MariaDB", "mysql", MySQLDSN())
	MustExec(t, db, "CREATE DATABASE IF NOT EXISTS "+Schema)
	return db
}

// MustExec runs statements on db and fails the test on the first error.
func MustExec(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
