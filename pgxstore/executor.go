package pgxstore

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scsql/scsql/sqlstore"
)

// FromPool returns a sqlstore.Executor that runs statements on pool with pgx's own protocol.
// pgx prepares and caches each statement per connection (its default query exec mode), so a
// call is one round trip.
func FromPool(pool *pgxpool.Pool) sqlstore.Executor {
	return poolExecutor{pool: pool}
}

type poolExecutor struct{ pool *pgxpool.Pool }

func (e poolExecutor) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := e.pool.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (e poolExecutor) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	err := e.pool.QueryRow(ctx, query, args...).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (e poolExecutor) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	rows, err := e.pool.Query(ctx, query, args...)
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

// Close does nothing: pgx owns its statement cache, and the pool belongs to the caller.
func (poolExecutor) Close() error { return nil }
