package testdb

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// PostgresIn opens PostgreSQL through lib/pq with search_path set to schema, created if
// missing, so that stores which hard-code the table "sessions" (scs's) get a table of their own.
func PostgresIn(t testing.TB, schema string) *sql.DB {
	t.Helper()
	MustExec(t, Postgres(t), "CREATE SCHEMA IF NOT EXISTS "+schema)
	return Open(t, "PostgreSQL", "postgres", PostgresDSNIn(t, schema))
}

// PostgresDSNIn returns the PostgreSQL DSN with search_path set to schema.
func PostgresDSNIn(t testing.TB, schema string) string {
	t.Helper()
	dsn := PostgresDSN()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("SCSQL_POSTGRES_DSN: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MySQLIn opens MySQL or MariaDB with database as the default database, created if missing.
func MySQLIn(t testing.TB, database string) *sql.DB {
	t.Helper()
	MustExec(t, MySQL(t), "CREATE DATABASE IF NOT EXISTS "+database)
	cfg, err := mysql.ParseDSN(MySQLDSN())
	if err != nil {
		t.Fatalf("SCSQL_MYSQL_DSN: %v", err)
	}
	cfg.DBName = database
	return Open(t, "MySQL/MariaDB", "mysql", cfg.FormatDSN())
}

// DBExec adapts db to an Execer.
func DBExec(db *sql.DB) Execer {
	return func(ctx context.Context, query string) error {
		_, err := db.ExecContext(ctx, query)
		return err
	}
}
