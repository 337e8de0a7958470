package sqlstore

import (
	"context"
	"errors"
)

// Querier runs SQL on a database or on one connection. Implementations must be safe for
// concurrent use.
type Querier interface {
	// Exec runs a statement that returns no rows and reports how many rows it affected.
	Exec(ctx context.Context, query string, args ...any) (int64, error)

	// QueryRow runs a query that returns at most one row and scans that row into dest. It
	// reports false and a nil error when the query returned no row.
	QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error)

	// Query runs a query and calls each once per row, with a scan function that is valid only
	// during that call. It stops at the first error that each returns and returns that error.
	Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error
}

// Executor runs a Store's SQL on one database. FromDB adapts a *sql.DB; package pgxstore adapts
// a pgx pool.
type Executor interface {
	Querier

	// WithConn calls fn with a Querier bound to one connection, held for the whole call, so
	// that session-level locks taken through it stay with that connection. The connection goes
	// back to the pool afterwards, unless fn's error wraps ErrDiscardConn: then it is closed.
	WithConn(ctx context.Context, fn func(conn Querier) error) error

	// Close releases what the executor holds for its store, such as prepared statements. It does
	// not close the database handle it was given.
	Close() error
}

// ErrDiscardConn, wrapped in the error of a WithConn callback, tells the Executor to close the
// connection instead of reusing it: its session state (a lock that could not be released, say)
// must not reach another caller.
var ErrDiscardConn = errors.New("sqlstore: connection must be discarded")
