package dialect_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"

	"github.com/scsql/scsql/dialect"
)

// The drivers' real error values, wrapped as the store wraps them.
func TestReadOnly(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("sqlstore: commit session: %w", err) }
	tests := []struct {
		d    dialect.Dialect
		err  error
		want bool
	}{
		{dialect.Postgres, wrap(&pgconn.PgError{Code: "25006", Message: "cannot execute INSERT in a read-only transaction"}), true},
		{dialect.Postgres, wrap(&pq.Error{Code: "25006"}), true},
		{dialect.Postgres, wrap(errors.Join(errors.New("deadline"), &pq.Error{Code: "25006"})), true},
		{dialect.Postgres, wrap(&pgconn.PgError{Code: "25P02"}), false},
		{dialect.Postgres, wrap(&pq.Error{Code: "40001"}), false},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 1290, Message: "The MariaDB server is running with the --read-only option so it cannot execute this statement"}), true},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 1792, Message: "Cannot execute statement in a READ ONLY transaction"}), true},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 1213, Message: "Deadlock found"}), false},
		{dialect.MySQL, wrap(&mysql.MySQLError{Number: 12900, Message: "not read-only"}), false},
		{dialect.SQLite, wrap(&pq.Error{Code: "25006"}), false},
		{dialect.Postgres, nil, false},
	}
	for _, tt := range tests {
		if got := tt.d.ReadOnly(tt.err); got != tt.want {
			t.Errorf("%s: ReadOnly(%v) = %v, want %v", tt.d.Name, tt.err, got, tt.want)
		}
	}
}
