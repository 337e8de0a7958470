//go:build cgo

package dialect_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/mattn/go-sqlite3"

	"github.com/scsql/scsql/dialect"
)

// go-sqlite3's real error values (it needs cgo), wrapped as the executor and the store wrap
// them.
func TestBusyMattn(t *testing.T) {
	wrap := wrapped
	twice := func(err error) error { return fmt.Errorf("%w: %w", err, errors.New("other")) }
	checkBusy(t, []busyCase{
		{dialect.SQLite, wrap(sqlite3.Error{Code: sqlite3.ErrBusy}), true},
		{dialect.SQLite, wrap(sqlite3.Error{Code: sqlite3.ErrBusy, ExtendedCode: sqlite3.ErrBusySnapshot}), true},
		{dialect.SQLite, wrap(sqlite3.Error{Code: sqlite3.ErrLocked}), true},
		{dialect.SQLite, twice(sqlite3.Error{Code: sqlite3.ErrBusy}), true},
		{dialect.SQLite, wrap(sqlite3.Error{Code: sqlite3.ErrConstraint}), false},
		{dialect.SQLite, wrap(sqlite3.Error{Code: sqlite3.ErrReadonly}), false},
		// A dialect derived from SQLite's keeps its classification.
		{dialect.SQLiteGORM, wrap(sqlite3.Error{Code: sqlite3.ErrBusy}), true},
		{dialect.SQLiteGORM, wrap(sqlite3.Error{Code: sqlite3.ErrConstraint}), false},
		// Only SQLite's errors: the same code from another database means something else.
		{dialect.Postgres, wrap(sqlite3.Error{Code: sqlite3.ErrBusy}), false},
	})
}
