package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"  // "pgx"
	_ "github.com/lib/pq"               // "postgres"
	_ "github.com/microsoft/go-mssqldb" // "sqlserver"
	_ "modernc.org/sqlite"              // "sqlite": pure Go, so the command builds with CGO_ENABLED=0

	"github.com/scsql/scsql/cmd/scsql/internal/inspect"
	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// globalFlags are the connection flags every command takes.
type globalFlags struct {
	dsn    string
	driver string
	table  string
}

// register adds the connection flags to fs.
func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.dsn, "dsn", "", "the database, as its driver takes it (env SCSQL_DSN)")
	fs.StringVar(&g.driver, "driver", "", "mysql, postgres, pgx, sqlite or sqlserver (env SCSQL_DRIVER; default: recognised from the DSN)")
	fs.StringVar(&g.table, "table", sqlstore.DefaultTableName, "the session table, schema-qualified if need be (env SCSQL_TABLE)")
}

// drivers maps --driver to the database/sql driver name and the dialect the library's package
// for that database uses. MySQL's dialect finds TiDB by itself through its Variants, on the
// store's first operation.
var drivers = map[string]struct {
	sqlName string
	dialect dialect.Dialect
}{
	"mysql":     {"mysql", dialect.MySQL},
	"postgres":  {"postgres", dialect.Postgres},
	"pgx":       {"pgx", dialect.Postgres},
	"sqlite":    {"sqlite", dialect.SQLite},
	"sqlserver": {"sqlserver", dialect.SQLServer},
}

// target is the session table a command works on, connected. Every command that needs the
// database gets one from globalFlags.open and closes it.
type target struct {
	db      *sql.DB
	driver  string          // the --driver name: mysql, postgres, pgx, sqlite or sqlserver
	dialect dialect.Dialect // the library's dialect for driver (dialect.MySQL also serves TiDB)
	table   string          // the validated --table, as given
	secret  string          // the DSN's password, to be kept out of every message
}

// store returns a store on the target's table with cfg (its TableName is set to the table). It
// starts no background cleanup unless cfg asks; the caller closes it.
func (t *target) store(cfg sqlstore.Config) *sqlstore.Store {
	cfg.TableName = t.table
	return sqlstore.NewDB(t.db, t.dialect, cfg)
}

// fitTable makes the target's dialect the one that works on its table's expiry column, as
// check reads it: dialect.ForExpiryType, which on SQLite gives GORM's text times to
// dialect.SQLiteGORM (gormstore's dialect). When the columns cannot be read the dialect stays,
// and the store reports what fails.
func (t *target) fitTable(ctx context.Context) {
	if typ, err := inspect.ExpiryType(ctx, t.db, t.dialect, t.table); err == nil {
		t.dialect = t.dialect.ForExpiryType(typ)
	}
}

// redact returns err with the DSN's password removed from its text; errors.Is and errors.As
// still see the original.
func (t *target) redact(err error) error { return redact(err, t.secret) }

// close closes the connection pool.
func (t *target) close() error { return t.db.Close() }

// resolve returns the driver name and dialect for the flags, and checks the table name as the
// library does. It does no I/O: schema needs no connection.
func (g *globalFlags) resolve() (driver string, d dialect.Dialect, err error) {
	driver = strings.ToLower(g.driver)
	if driver == "" {
		if g.dsn == "" {
			return "", dialect.Dialect{}, usageError("no database: pass --dsn (or set SCSQL_DSN), or --driver for a command that needs no connection")
		}
		if driver = detectDriver(g.dsn); driver == "" {
			return "", dialect.Dialect{}, usageError("cannot tell the database from the DSN: pass --driver mysql, postgres, pgx, sqlite or sqlserver")
		}
	}
	dr, ok := drivers[driver]
	if !ok {
		return "", dialect.Dialect{}, usageError("unknown --driver %q: use mysql, postgres, pgx, sqlite or sqlserver", g.driver)
	}
	if _, err := dr.dialect.QuoteTable(g.table); err != nil {
		return "", dialect.Dialect{}, usageError("--table: %w", err)
	}
	return driver, dr.dialect, nil
}

// open connects to the database and checks that it answers. Errors never show the DSN's
// password.
func (g *globalFlags) open(ctx context.Context) (*target, error) {
	driver, d, err := g.resolve()
	if err != nil {
		return nil, err
	}
	if g.dsn == "" {
		return nil, usageError("no database: pass --dsn (or set SCSQL_DSN)")
	}
	t := &target{driver: driver, dialect: d, table: g.table, secret: password(driver, g.dsn)}
	t.db, err = sql.Open(drivers[driver].sqlName, g.dsn)
	if err != nil {
		return nil, t.redact(fmt.Errorf("open %s database: %w", driver, err))
	}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := t.db.PingContext(pctx); err != nil {
		t.db.Close()
		return nil, t.redact(fmt.Errorf("connect to the %s database: %w (check --dsn)", driver, err))
	}
	return t, nil
}

// mysqlDSN matches go-sql-driver's DSN form: [user[:password]@][net[(addr)]]/dbname[?params].
// The password may hold '@' and '/': the driver, too, splits at the last '@' before the address.
var mysqlDSN = regexp.MustCompile(`^(.*@)?(tcp|tcp6|unix)?(\([^)]*\))?/[^/]*$`)

// detectDriver recognises the database from a DSN's form, or returns "".
func detectDriver(dsn string) string {
	lower := strings.ToLower(dsn)
	path, _, _ := strings.Cut(lower, "?")
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return "postgres"
	case strings.HasPrefix(lower, "sqlserver://"):
		return "sqlserver"
	case strings.HasPrefix(lower, "file:"),
		strings.HasSuffix(path, ".db"), strings.HasSuffix(path, ".sqlite"), strings.HasSuffix(path, ".sqlite3"):
		return "sqlite"
	case strings.Contains(dsn, "@") || strings.Contains(dsn, "("):
		if _, err := mysql.ParseDSN(dsn); err == nil && mysqlDSN.MatchString(dsn) {
			return "mysql"
		}
	}
	return ""
}

// password returns the password in dsn, or "" when it has none or its form is not known.
func password(driver, dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			return p
		}
	}
	if driver == "mysql" {
		if cfg, err := mysql.ParseDSN(dsn); err == nil {
			return cfg.Passwd
		}
	}
	// key=value forms: lib/pq's and pgx's "password=..." and go-mssqldb's "password=...;".
	for _, field := range strings.FieldsFunc(dsn, func(r rune) bool { return r == ' ' || r == ';' }) {
		k, v, ok := strings.Cut(field, "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "password") {
			return strings.Trim(strings.TrimSpace(v), `'"`)
		}
	}
	return ""
}

// redactedError is an error whose text has a secret removed; it unwraps to the original.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact removes secret, as written and as escaped in URLs, from err's text.
func redact(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	msg := err.Error()
	for _, s := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), strings.TrimPrefix(url.UserPassword("x", secret).String(), "x:")} {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	if msg == err.Error() {
		return err
	}
	var se *statusError
	if errors.As(err, &se) {
		return withStatus(se.code, &redactedError{msg: msg, err: err})
	}
	return &redactedError{msg: msg, err: err}
}

// statements returns the dialect and statements the library's store would use for the table on
// this server: the variant that serves it (TiDB, through dialect.Variants) and, where the
// dialect probes the table (MySQL's column types), fitted to the table's columns.
func (t *target) statements(ctx context.Context) (dialect.Dialect, dialect.Statements, error) {
	d := t.dialect
	if len(d.Variants) > 0 {
		var version string
		if err := t.db.QueryRowContext(ctx, d.SQL.Version).Scan(&version); err != nil {
			return d, dialect.Statements{}, t.redact(fmt.Errorf("ask the server its version: %w", err))
		}
		d = d.ForServer(version)
	}
	st, err := d.Statements(t.table)
	if err != nil || st.Probe == "" {
		return d, st, err
	}
	rows, err := t.db.QueryContext(ctx, st.Probe)
	if err != nil {
		return d, st, t.redact(fmt.Errorf("read the columns of %s: %w", t.table, err))
	}
	defer rows.Close()
	var cols dialect.Columns
	for rows.Next() {
		var name, typ string
		var size int64
		if err := rows.Scan(&name, &typ, &size); err != nil {
			return d, st, t.redact(fmt.Errorf("read the columns of %s: %w", t.table, err))
		}
		cols.Add(name, typ, size)
	}
	if err := rows.Err(); err != nil {
		return d, st, t.redact(fmt.Errorf("read the columns of %s: %w", t.table, err))
	}
	st, err = d.StatementsFor(t.table, cols)
	return d, st, err
}
