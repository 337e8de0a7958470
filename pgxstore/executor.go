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

// FromPool returns a sqlstore.Executor that runs statements on pool with pgx's own protocol,
// in the pool's DefaultQueryExecMode: by default pgx prepares and caches each statement per
// connection, so a call is one round trip. The executor's Unprepared form runs without named
// prepared statements (see sqlstore.Config.TransactionPooling).
func FromPool(pool *pgxpool.Pool) sqlstore.Executor {
	return poolExecutor{querier: querier{q: pool}, pool: pool}
}

type poolExecutor struct {
	querier
	pool *pgxpool.Pool
}

// Unprepared returns an executor on the same pool that prepares no named statement on the server.
// It keeps the pool's DefaultQueryExecMode when that already prepares nothing by name
// (QueryExecModeCacheDescribe, QueryExecModeExec, QueryExecModeSimpleProtocol), and otherwise
// passes pgx.QueryExecModeExec with every query: one round trip, with the parameter types that
// pgx derives from the Go arguments. (QueryExecModeDescribeExec is replaced too: it describes the
// unnamed statement in one round trip and executes it in another, between which a pooler may
// switch server connections.)
func (e poolExecutor) Unprepared() sqlstore.Executor {
	switch e.pool.Config().ConnConfig.DefaultQueryExecMode {
	case pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec:
		e.mode = pgx.QueryExecModeExec
	}
	return e
}

func (e poolExecutor) WithConn(ctx context.Context, fn func(sqlstore.Querier) error) error {
	conn, err := e.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	err = fn(querier{q: conn, mode: e.mode})
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
type querier struct {
	q pgxQuerier
	// mode, when set, is passed as the first argument of every query, overriding the pool's
	// DefaultQueryExecMode.
	mode pgx.QueryExecMode
}

// args returns args with q.mode in front when it is set.
func (q querier) args(args []any) []any {
	if q.mode == 0 {
		return args
	}
	return append([]any{q.mode}, args...)
}

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.q.Exec(ctx, query, q.args(args)...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (q querier) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	err := q.q.QueryRow(ctx, query, q.args(args)...).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (q querier) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	rows, err := q.q.Query(ctx, query, q.args(args)...)
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
