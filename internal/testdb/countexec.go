package testdb

import (
	"context"

	"github.com/scsql/scsql/sqlstore"
)

// CountingExecutor is an Executor that calls Count with the statement and error of every Exec,
// on the pool and on connections held through WithConn, so that a test can count what the store
// met (conflicts retried, read-only refusals) without changing what it does.
type CountingExecutor struct {
	sqlstore.Executor
	Count func(ctx context.Context, query string, err error)
}

// Exec runs the statement and counts it.
func (c CountingExecutor) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	n, err := c.Executor.Exec(ctx, query, args...)
	c.Count(ctx, query, err)
	return n, err
}

// WithConn holds a connection as the Executor does, and counts the statements run on it.
func (c CountingExecutor) WithConn(ctx context.Context, fn func(sqlstore.Querier) error) error {
	return c.Executor.WithConn(ctx, func(q sqlstore.Querier) error {
		return fn(countingQuerier{q, c.Count})
	})
}

type countingQuerier struct {
	sqlstore.Querier
	count func(ctx context.Context, query string, err error)
}

func (q countingQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	n, err := q.Querier.Exec(ctx, query, args...)
	q.count(ctx, query, err)
	return n, err
}
