package dialect_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"
	mssql "github.com/microsoft/go-mssqldb"

	"github.com/scsql/scsql/dialect"
)

// The drivers' real error values, wrapped as the store wraps them. The servers' own answers are
// checked end to end by the least-privilege suites (internal/testdb/privileges.go).
func TestPermissionDenied(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("sqlstore: create table sessions: %w", err) }
	myErr := func(n uint16, msg string) error {
		return &mysql.MySQLError{Number: n, SQLState: [5]byte{'4', '2', '0', '0', '0'}, Message: msg}
	}
	tests := []struct {
		d    dialect.Dialect
		err  error
		want bool
	}{
		{dialect.Postgres, wrap(&pgconn.PgError{Code: "42501", Message: "permission denied for schema public"}), true},
		{dialect.Postgres, wrap(&pq.Error{Code: "42501", Message: "must be owner of table sessions"}), true},
		{dialect.Postgres, wrap(&pgconn.PgError{Code: "42P01", Message: `relation "sessions" does not exist`}), false},
		{dialect.Postgres, wrap(&pgconn.PgError{Code: "28000", Message: "role does not exist"}), false},
		{dialect.MySQL, wrap(myErr(1142, "CREATE command denied to user 'u'@'127.0.0.1' for table `test`.`sessions`")), true},
		{dialect.MySQL, wrap(myErr(1044, "Access denied for user 'u'@'%' to database 'app'")), true},
		{dialect.MySQL, wrap(myErr(1143, "SELECT command denied to user 'u'@'%' for column 'data' in table 'sessions'")), true},
		{dialect.MySQL, wrap(myErr(1227, "Access denied; you need (at least one of) the SUPER privilege(s) for this operation")), true},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 1142, Message: "CREATE command denied"}), true},    // no SQLSTATE: older text form
		{dialect.MySQL, wrap(myErr(1045, "Access denied for user 'u'@'%' (using password: YES)")), false}, // a refused login
		{dialect.MySQL, wrap(myErr(1146, "Table 'test.sessions' doesn't exist")), false},
		{dialect.MySQL, wrap(myErr(11420, "not a privilege error")), false},
		{dialect.SQLServer, wrap(mssql.Error{Number: 262, Message: "CREATE TABLE permission denied in database 'app'."}), true},
		{dialect.SQLServer, wrap(mssql.Error{Number: 229, Message: "The SELECT permission was denied on the object 'sessions'"}), true},
		{dialect.SQLServer, wrap(mssql.Error{Number: 2760, Message: `The specified schema name "auth" either does not exist or you do not have permission to use it.`}), false},
		{dialect.SQLServer, wrap(mssql.Error{Number: 208, Message: "Invalid object name 'sessions'."}), false},
		{dialect.SQLite, wrap(errors.New("attempt to write a readonly database")), true},
		{dialect.SQLite, wrap(errors.New("sqlite3: attempt to write a readonly database")), true}, // ncruces/go-sqlite3
		{dialect.SQLite, wrap(errors.New("attempt to write a readonly database (8)")), true},      // modernc.org/sqlite
		{dialect.SQLiteGORM, wrap(errors.New("attempt to write a readonly database")), true},
		{dialect.SQLite, wrap(errors.New("no such table: sessions")), false},
		{dialect.Postgres, nil, false},
	}
	for _, tt := range tests {
		if got := tt.d.PermissionDenied(tt.err); got != tt.want {
			t.Errorf("%s: PermissionDenied(%v) = %v, want %v", tt.d.Name, tt.err, got, tt.want)
		}
	}
}

// Every dialect with privileges says which one creating the table needs, for the error message.
func TestCreatePrivilege(t *testing.T) {
	for _, d := range dialects {
		if got := d.CreatePrivilege; (got == "") != (d.Name == "sqlite") {
			t.Errorf("%s: CreatePrivilege = %q", d.Name, got)
		}
	}
}

// CreateTable looks the table up before it runs any DDL, so that a user without CREATE can call
// it on an existing table: every dialect needs the look-up.
func TestTableExistsEverywhere(t *testing.T) {
	for _, d := range append(slices.Clone(dialects), dialect.SQLiteGORM) {
		for _, table := range []string{"sessions", "auth.sessions"} {
			s, err := d.Statements(table)
			if err != nil {
				t.Fatal(err)
			}
			if s.TableExists == "" || len(s.CreateTable) == 0 {
				t.Errorf("%s: Statements(%q) has TableExists %q and %d CreateTable statements; want both", d.Name, table, s.TableExists, len(s.CreateTable))
			}
		}
	}
}
