package pgxstore

import (
	"context"
	"errors"
	"io"
	"net"
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
//
// A call that draws a pooled connection the network has killed while it sat idle is run again on
// another (every statement the store runs is idempotent), as database/sql does for its drivers:
// after a network failure heals, the first call succeeds.
func FromPool(pool *pgxpool.Pool) sqlstore.Executor {
	return poolExecutor{querier: querier{q: pool, redial: redials(pool)}, pool: pool}
}

// redials is how many times a call may draw a dead connection before it gives up: each of the
// pool's connections may be one, and one more try reaches a new connection.
func redials(pool *pgxpool.Pool) int {
	return int(pool.Config().MaxConns) + 1
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
	conn, err := e.liveConn(ctx)
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

// liveConn acquires a connection that answers a ping. A pinned connection gets no retry of its
// statements, so one that died while idle is closed and another taken, at most redials times.
func (e poolExecutor) liveConn(ctx context.Context) (*pgxpool.Conn, error) {
	for try := 1; ; try++ {
		conn, err := e.pool.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		err = conn.Ping(ctx)
		if err == nil {
			return conn, nil
		}
		conn.Release() // a connection whose ping failed on the network is closed, and leaves the pool
		if !connLost(ctx, err) || try >= redials(e.pool) {
			return nil, err
		}
	}
}

// connLost reports whether err is the failure of a connection, not of a statement, with ctx
// still live: the network, or a connection closed under the call.
func connLost(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return false // the server answered
	}
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || pgconn.SafeToRetry(err)
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
	// redial is how many times a statement on the pool runs when its connection is lost; zero
	// on a pinned connection, where a lost connection cannot be replaced.
	redial int
}

// again runs op, and runs it again on a lost connection up to q.redial times in all.
func (q querier) again(ctx context.Context, op func() error) error {
	err := op()
	for try := 1; err != nil && try < q.redial && connLost(ctx, err); try++ {
		err = op()
	}
	return err
}

// args returns args with q.mode in front when it is set.
func (q querier) args(args []any) []any {
	if q.mode == 0 {
		return args
	}
	return append([]any{q.mode}, args...)
}

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	var tag pgconn.CommandTag
	err := q.again(ctx, func() (err error) {
		tag, err = q.q.Exec(ctx, query, q.args(args)...)
		return err
	})
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (q querier) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	err := q.again(ctx, func() error {
		return q.q.QueryRow(ctx, query, q.args(args)...).Scan(dest...)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (q querier) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	var rows pgx.Rows
	// Only the start is run again: once a row has reached each, a repeat would repeat it.
	err := q.again(ctx, func() (err error) {
		rows, err = q.q.Query(ctx, query, q.args(args)...)
		if err == nil && !rows.Next() {
			// Query reports most failures at the first Next; fetch it here, where it can be retried.
			rows.Close()
			if err = rows.Err(); err == nil {
				rows = nil
			}
		}
		return err
	})
	if err != nil || rows == nil {
		return err
	}
	defer rows.Close()
	for {
		if err := each(rows.Scan); err != nil {
			return err
		}
		if !rows.Next() {
			return rows.Err()
		}
	}
}
