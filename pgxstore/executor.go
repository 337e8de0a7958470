package pgxstore

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scsql/scsql/sqlstore"
)

// FromPool returns a sqlstore.Executor that runs statements on pool with pgx's own protocol.
// pgx prepares and caches each statement per connection (its default query exec mode), so a
// call is one round trip.
func FromPool(pool *pgxpool.Pool) sqlstore.Executor {
	return poolExecutor{querier: querier{pool}, pool: pool}
}

type poolExecutor struct {
	querier
	pool *pgxpool.Pool
}

func (e poolExecutor) WithConn(ctx context.Context, fn func(sqlstore.Querier) error) error {
	conn, err := e.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	err = fn(querier{conn})
	if errors.Is(err, sqlstore.ErrDiscardConn) {
		// A hijacked connection leaves the pool for good; closing it ends its session state.
		c := conn.Hijack()
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		c.Close(closeCtx)
		return err
	}
	conn.Release()
	return err
}

// Close does nothing: pgx owns its statement cache, and the pool belongs to the caller.
func (poolExecutor) Close() error { return nil }

// pgxQuerier is what a pool and one of its connections have in common.
type pgxQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// querier adapts a pool or a pooled connection to sqlstore.Querier.
type querier struct{ q pgxQuerier }

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.q.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (q querier) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	err := q.q.QueryRow(ctx, query, args...).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (q querier) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	rows, err := q.q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
