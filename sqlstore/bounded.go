package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// bounded runs op, a database/sql call that uses ctx, and returns its result, or returns as soon
// as ctx is done with an error that wraps ctx.Err().
//
// Drivers are meant to return when their context ends, and go-sql-driver/mysql does. lib/pq
// does not when the network goes silent: on cancellation it sends PostgreSQL a cancel request on
// a new connection and waits for the server to answer both it and the statement, so a call
// through a black-holed path (a dead route, a hung server) blocks until TCP gives up on the
// connection, minutes later. bounded returns on time instead and leaves op to finish on its own
// goroutine: when the driver returns, a result nobody took is passed to discard (which closes
// it), and database/sql retires the connection the driver marked bad. That goroutine lives as
// long as the driver call, which the store cannot stop; it holds one connection meanwhile.
//
// Whenever op fails after ctx has ended, the error wraps both the driver's error and ctx.Err(),
// so errors.Is(err, context.DeadlineExceeded) holds even for drivers that report a cancelled
// statement in their own words (lib/pq's "canceling statement due to user request", or
// driver.ErrBadConn).
//
// With a context that cannot end (context.Background()), op runs on the caller's goroutine.
func bounded[T any](ctx context.Context, op func() (T, error), discard func(T) error) (T, error) {
	done := ctx.Done()
	if done == nil {
		return op()
	}
	type result struct {
		v   T
		err error
	}
	res := make(chan result)
	go func() {
		v, err := op()
		select {
		case res <- result{v, err}:
		case <-done:
			// The caller has gone (or is going) with ctx's error.
			if err == nil && discard != nil {
				discard(v)
			}
		}
	}()
	select {
	case r := <-res:
		return r.v, withCtxErr(ctx, r.err)
	case <-done:
		var zero T
		return zero, fmt.Errorf("%w (the driver had not returned; its call goes on in the background)", ctx.Err())
	}
}

// withCtxErr makes err wrap ctx.Err() too when the call failed after ctx ended.
func withCtxErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", err, cerr)
	}
	return err
}

// firstRow scans the first row of rows into dest, closes rows, and reports whether there was a
// row.
func firstRow(rows *sql.Rows, dest []any) (bool, error) {
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rows.Scan(dest...); err != nil {
		return false, err
	}
	return true, rows.Close()
}
