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
// a pgx pool. It is the one seam between the store and a driver, and every implementation keeps
// this contract, which the store relies on and tests on real servers (faults, cleanup and
// PgBouncer suites in internal/testdb):
//
//   - Context. Every call, WithConn's included, returns when its context ends, with an error
//     that wraps ctx.Err(), even where the driver would go on waiting on a silent network. What
//     the abandoned driver call still holds (a connection, rows) is released when it returns.
//
//   - Retries: a statement runs again only when it certainly did not take effect. The executor
//     may run a statement again on another connection when nothing reached the server (the
//     driver says so: driver.ErrBadConn before sending, pgconn.SafeToRetry), and may run a read
//     (QueryRow; Query before it has handed a row to each) again after any connection failure.
//     A write (Exec) whose outcome is unknown, because the connection failed after the
//     statement was sent, returns its error and is not run again: an upsert or delete run twice
//     can overwrite another request's commit or bring back a session deleted at sign-out.
//     Statements the server rolled back (a deadlock, a serialization or certification failure,
//     SQLite's busy database) are returned as errors: the Store runs them again itself, by the
//     dialect's Errors, so the rule lives in one place. Connecting is not retried beyond what
//     the pool does; nothing is retried past the context.
//
//   - Arguments. args, and QueryRow's dest, are lent for the call: an implementation does not
//     use or keep them after it returns, except in a driver call it leaves running at the
//     context's end (see Context). The store reuses the argument lists of its writes, and the
//     memory their values point into (a time's text), once a call has returned with its
//     context still live, which saves allocations on every write.
//
//   - WithConn. fn's Querier runs every statement on one connection, held for the whole call
//     and used by no one else meanwhile, so that session state set through it (a
//     session-level lock) stays for fn's later statements. Its statements are not retried on
//     another connection, which would not have that state. When fn returns, the connection
//     goes back to the pool with whatever session state fn left, unless fn's error wraps
//     ErrDiscardConn: then it is closed, and its state, a lock included, ends with it. fn must
//     undo what it set, or discard the connection.
//
//   - Close releases what the executor holds for its store, such as prepared statements, and
//     only that: not the database handle it was given. Later calls return an error.
//
// Implementations are safe for concurrent use.
type Executor interface {
	Querier

	// WithConn calls fn with a Querier bound to one connection; see the contract above.
	WithConn(ctx context.Context, fn func(conn Querier) error) error

	// Close releases what the executor holds for its store; see the contract above.
	Close() error
}

// ErrDiscardConn, wrapped in the error of a WithConn callback, tells the Executor to close the
// connection instead of reusing it: its session state (a lock that could not be released, say)
// must not reach another caller.
var ErrDiscardConn = errors.New("sqlstore: connection must be discarded")
