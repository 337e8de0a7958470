package dialect_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"
	mssql "github.com/microsoft/go-mssqldb"

	"github.com/scsql/scsql/dialect"
)

// The drivers' real error values, wrapped as the store wraps them.
func TestRetryable(t *testing.T) {
	wrap := wrapped
	tests := []struct {
		d    dialect.Dialect
		err  error
		want bool
	}{
		{dialect.Postgres, wrap(&pgconn.PgError{Code: "40P01"}), true},
		{dialect.Postgres, wrap(&pgconn.PgError{Code: "40001"}), true},
		{dialect.Postgres, wrap(&pq.Error{Code: "40P01"}), true},
		{dialect.Postgres, wrap(&pgconn.PgError{Code: "23505"}), false},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 1213, SQLState: [5]byte{'4', '0', '0', '0', '1'}, Message: "Deadlock found"}), true},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 1213, Message: "Deadlock found"}), true},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 1205, Message: "Lock wait timeout exceeded"}), false},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 12130, Message: "not a deadlock"}), false},
		{dialect.SQLServer, wrap(mssql.Error{Number: 1205}), true},
		{dialect.SQLServer, wrap(mssql.Error{Number: 2627}), false},
		{dialect.SQLite, wrap(errors.New("database is locked")), false},
		{dialect.Postgres, nil, false},
	}
	for _, tt := range tests {
		if got := tt.d.Retryable(tt.err); got != tt.want {
			t.Errorf("%s: Retryable(%v) = %v, want %v", tt.d.Name, tt.err, got, tt.want)
		}
	}
}

// busyCase is one error and whether d.Busy must recognise it.
type busyCase struct {
	d    dialect.Dialect
	err  error
	want bool
}

func checkBusy(t *testing.T, tests []busyCase) {
	t.Helper()
	for _, tt := range tests {
		if got := tt.d.Busy(tt.err); got != tt.want {
			t.Errorf("%s: Busy(%v) = %v, want %v", tt.d.Name, tt.err, got, tt.want)
		}
	}
}

// wrapped wraps err as the store wraps a statement's error.
func wrapped(err error) error { return fmt.Errorf("sqlstore: commit session: %w", err) }

// The pure-Go drivers' errors, by their text, wrapped as the executor and the store wrap them;
// mattn/go-sqlite3's error values are in retry_mattn_test.go (cgo).
func TestBusy(t *testing.T) {
	wrap := wrapped
	checkBusy(t, []busyCase{
		{dialect.SQLite, nil, false},
		// ncruces/go-sqlite3's and modernc.org/sqlite's texts for the same codes, verbatim.
		{dialect.SQLite, wrap(errors.New("sqlite3: database is locked")), true},
		{dialect.SQLite, wrap(errors.New("sqlite3: database table is locked: sessions")), true},
		{dialect.SQLite, wrap(errors.New("database is locked (5) (SQLITE_BUSY)")), true},
		{dialect.SQLite, wrap(errors.New("database is locked (517)")), true}, // SQLITE_BUSY_SNAPSHOT
		{dialect.SQLite, wrap(errors.New("database table is locked: sessions (6)")), true},
		{dialect.SQLiteGORM, wrap(errors.New("sqlite3: database is locked")), true},
		{dialect.SQLite, wrap(errors.New("sqlite3: constraint failed: UNIQUE constraint failed: sessions.token")), false},
		{dialect.SQLite, wrap(errors.New("constraint failed: UNIQUE constraint failed: sessions.token (2067)")), false},
		// Only SQLite's errors: the same words from another database mean something else.
		{dialect.MySQL, wrap(errors.New("database is locked")), false},
	})
}
