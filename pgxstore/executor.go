package pgxstore

import (
	"context"
	"errors"
	"fmt"
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
// It keeps sqlstore.Executor's retry rule, as database/sql does for its drivers:
//
//   - Before a write goes out, its connection's socket is checked, without a round trip, for a
//     close by the server or the network while it sat in the pool (a pending end of stream or
//     message); a connection that shows one is pinged, and discarded if the ping fails. So
//     after a network failure heals, the first call succeeds. A read is sent unchecked the
//     first time, since it may run again after any connection failure, and checked when it
//     runs again: the check (a system call) is saved on every healthy read.
//   - A write (Exec) runs again only when pgx says nothing of it was sent (pgconn.SafeToRetry).
//     When its answer was lost it may have taken effect, and running it again could overwrite
//     a later write of the same session, or bring back one deleted since: it returns its error,
//     which wraps sqlstore.ErrOutcomeUnknown.
//   - A read (QueryRow, Query before its first row) runs again after a lost connection.
//   - No statement runs more than three times in one call, and a failed connect is returned at
//     once: pgxpool opens one connection for it, and a server that is down or starting is not
//     asked for more.
func FromPool(pool *pgxpool.Pool) sqlstore.Executor {
	return poolExecutor{pool: pool}
}

// maxRuns is how many times one call may run its statement: database/sql's rule (two tries on
// pooled connections and one on a new one) for a call whose connection is lost.
const maxRuns = 3

type poolExecutor struct {
	pool *pgxpool.Pool
	// mode, when set, is passed as the first argument of every query, overriding the pool's
	// DefaultQueryExecMode.
	mode pgx.QueryExecMode
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

// Exec runs a write: again only if nothing of it was sent. When its connection was lost after
// it was sent, its error wraps sqlstore.ErrOutcomeUnknown.
func (e poolExecutor) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	var (
		n    int64
		sent bool // the last error is the statement's, not a failed connect's
	)
	err := e.run(ctx, true, func(err error) bool { return pgconn.SafeToRetry(err) }, func(c conn) (err error) {
		n, err = c.Exec(ctx, query, args...)
		sent = err != nil && !pgconn.SafeToRetry(err)
		return err
	})
	if err != nil && sent && ctx.Err() == nil && connLost(err) {
		return 0, fmt.Errorf("%w: %w", sqlstore.ErrOutcomeUnknown, err)
	}
	return n, err
}

// QueryRow runs a read: again after a lost connection.
func (e poolExecutor) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	var found bool
	err := e.run(ctx, false, connLost, func(c conn) (err error) {
		found, err = c.QueryRow(ctx, query, args, dest...)
		return err
	})
	return found, err
}

// Query runs a read: again after a lost connection, until a row has reached each (a repeat
// would repeat it).
func (e poolExecutor) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	delivered := false
	again := func(err error) bool { return !delivered && connLost(err) }
	return e.run(ctx, false, again, func(c conn) error {
		return c.Query(ctx, query, args, func(scan func(dest ...any) error) error {
			delivered = true
			return each(scan)
		})
	})
}

// run runs op on a connection of the pool, and again, at most maxRuns times in all, while ctx
// is live and again says op's error allows it. The connection is checked (acquire) before
// every run but a read's first (write false): a read sent on a connection that died in the
// pool fails and runs again, now on a checked one.
func (e poolExecutor) run(ctx context.Context, write bool, again func(error) bool, op func(conn) error) error {
	for runs := 1; ; runs++ {
		var (
			c   *pgxpool.Conn
			err error
		)
		if write || runs > 1 {
			c, err = e.acquire(ctx, false)
		} else {
			c, err = e.pool.Acquire(ctx)
		}
		if err != nil {
			return err
		}
		err = op(conn{c.Conn(), e.mode})
		c.Release() // the pool destroys a connection that a network error closed
		if err == nil || runs == maxRuns || ctx.Err() != nil || !again(err) {
			return err
		}
	}
}

// acquire takes a connection of the pool that shows no sign of having been closed under it
// (always pinged, with ping set). A connection that fails its ping leaves the pool, and another
// is taken, at most once for each connection the pool may hold: those are connections that died
// while idle, not new ones. A failed connect is returned at once.
func (e poolExecutor) acquire(ctx context.Context, ping bool) (*pgxpool.Conn, error) {
	for discarded := 0; ; discarded++ {
		c, err := e.pool.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		if err = check(ctx, c.Conn().PgConn(), ping); err == nil {
			return c, nil
		}
		c.Release() // a connection whose ping failed on the network is closed, and leaves the pool
		if ctx.Err() != nil || !connLost(err) || discarded >= int(e.pool.Config().MaxConns) {
			return nil, err
		}
	}
}

// check checks a connection before a statement is sent on it: a ping when ping is set or when
// its socket is not quiet, nothing more otherwise.
func check(ctx context.Context, pc *pgconn.PgConn, ping bool) error {
	// SyncConn does no I/O unless pgx left a background read running on the connection (then
	// it pings): afterwards no read is pending, so quiet may look at the socket without waiting
	// behind one.
	if err := pc.SyncConn(ctx); err != nil {
		return err
	}
	if !ping && quiet(pc) {
		return nil
	}
	return pc.Ping(ctx)
}

func (e poolExecutor) WithConn(ctx context.Context, fn func(sqlstore.Querier) error) error {
	c, err := e.acquire(ctx, true)
	if err != nil {
		return err
	}
	err = fn(conn{c.Conn(), e.mode})
	if errors.Is(err, sqlstore.ErrDiscardConn) {
		// A hijacked connection leaves the pool for good; closing it ends its session state.
		hc := c.Hijack()
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		hc.Close(closeCtx)
		return err
	}
	c.Release()
	return err
}

// connLost reports whether err is the failure of a connection, not of a statement: the network,
// or a connection closed under the call. The server's own errors are not.
func connLost(err error) bool {
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

// conn runs statements on one connection, with no retry: a pinned connection that is lost cannot
// be replaced.
type conn struct {
	c *pgx.Conn
	// mode, when set, is passed as the first argument of every query.
	mode pgx.QueryExecMode
}

// args returns args with c.mode in front when it is set.
func (c conn) args(args []any) []any {
	if c.mode == 0 {
		return args
	}
	return append([]any{c.mode}, args...)
}

func (c conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := c.c.Exec(ctx, query, c.args(args)...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (c conn) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	err := c.c.QueryRow(ctx, query, c.args(args)...).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (c conn) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	rows, err := c.c.Query(ctx, query, c.args(args)...)
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
