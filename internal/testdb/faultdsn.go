package testdb

import (
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// PostgresAddr returns the host:port of the PostgreSQL server PostgresDSN names.
func PostgresAddr(t testing.TB) string {
	t.Helper()
	host, port := "127.0.0.1", "5432"
	dsn := PostgresDSN()
	if u, ok := postgresURL(t, dsn); ok {
		if h := u.Hostname(); h != "" {
			host = h
		}
		if p := u.Port(); p != "" {
			port = p
		}
	} else {
		for _, kv := range strings.Fields(dsn) {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "host":
				host = v
			case "port":
				port = v
			}
		}
	}
	if strings.HasPrefix(host, "/") || strings.Contains(host, ",") {
		t.Fatalf("SCSQL_POSTGRES_DSN: the fault tests need one TCP host, not %q", host)
	}
	return net.JoinHostPort(host, port)
}

// PostgresDSNVia returns PostgresDSN with its host and port replaced by addr, to reach the
// server through a FaultProxy.
func PostgresDSNVia(t testing.TB, addr string) string {
	t.Helper()
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	dsn := PostgresDSN()
	if u, ok := postgresURL(t, dsn); ok {
		u.Host = addr
		return u.String()
	}
	// In the key=value form a later setting overrides an earlier one.
	return dsn + " host=" + host + " port=" + port
}

func postgresURL(t testing.TB, dsn string) (*url.URL, bool) {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return nil, false
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("SCSQL_POSTGRES_DSN: %v", err)
	}
	return u, true
}

// MySQLAddr returns the host:port of the MySQL or MariaDB server MySQLDSN names.
func MySQLAddr(t testing.TB) string {
	t.Helper()
	return mysqlAddr(t, "SCSQL_MYSQL_DSN", MySQLDSN())
}

// MySQLDSNVia returns MySQLDSN with its address replaced by addr, to reach the server through a
// FaultProxy.
func MySQLDSNVia(t testing.TB, addr string) string {
	t.Helper()
	return mysqlDSNVia(t, "SCSQL_MYSQL_DSN", MySQLDSN(), addr)
}

// mysqlAddr returns the TCP host:port of a go-sql-driver/mysql DSN, taken from the variable env.
func mysqlAddr(t testing.TB, env, dsn string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	if cfg.Net != "tcp" {
		t.Fatalf("%s: the fault tests need a TCP address, not %s(%s)", env, cfg.Net, cfg.Addr)
	}
	return cfg.Addr
}

// mysqlDSNVia returns dsn, taken from the variable env, with its address replaced by addr.
func mysqlDSNVia(t testing.TB, env, dsn, addr string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	cfg.Net, cfg.Addr = "tcp", addr
	return cfg.FormatDSN()
}
