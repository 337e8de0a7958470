package testdb

import (
	"database/sql"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// MySQLWith opens MySQL or MariaDB with session variables set on every connection (vars maps a
// name to its SQL value, quoted where it is a string: "'+05:30'"), and checks that the server
// took each of them.
func MySQLWith(t testing.TB, vars map[string]string) *sql.DB {
	t.Helper()
	MySQL(t) // makes the Schema database
	cfg, err := mysql.ParseDSN(MySQLDSN())
	if err != nil {
		t.Fatalf("SCSQL_MYSQL_DSN: %v", err)
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	for k, v := range vars {
		// go-sql-driver/mysql runs SET k=v on each new connection for a parameter it does not
		// know itself.
		cfg.Params[k] = v
	}
	db := Open(t, "MySQL/MariaDB", "mysql", cfg.FormatDSN())
	for _, k := range sortedKeys(vars) {
		var got, want string
		q := fmt.Sprintf("SELECT @@session.%s, %s", k, vars[k])
		if err := db.QueryRow(q).Scan(&got, &want); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got != want {
			t.Fatalf("session %s is %q, want %q: the DSN parameter did not take", k, got, want)
		}
	}
	return db
}

// PostgresDSNWith returns the PostgreSQL DSN with run-time parameters added (TimeZone, say),
// which lib/pq and pgx both send to the server at connection start.
func PostgresDSNWith(t testing.TB, params map[string]string) string {
	t.Helper()
	dsn := PostgresDSN()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		for _, k := range sortedKeys(params) {
			dsn += " " + k + "='" + strings.ReplaceAll(params[k], "'", `\'`) + "'"
		}
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("SCSQL_POSTGRES_DSN: %v", err)
	}
	q := u.Query()
	for k, v := range params {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// PostgresZone opens PostgreSQL through lib/pq with the session's TimeZone set to zone, and
// checks that the server took it.
func PostgresZone(t testing.TB, zone string) *sql.DB {
	t.Helper()
	Postgres(t) // makes the Schema
	db := Open(t, "PostgreSQL", "postgres", PostgresDSNWith(t, map[string]string{"timezone": zone}))
	var got string
	if err := db.QueryRow("SHOW TimeZone").Scan(&got); err != nil {
		t.Fatalf("SHOW TimeZone: %v", err)
	}
	if got != zone {
		t.Fatalf("session TimeZone is %q, want %q: the DSN parameter did not take", got, zone)
	}
	return db
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
