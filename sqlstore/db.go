package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
)

// FromDB returns an Executor that runs statements on db. Each distinct statement is prepared
// once, on first use, and reused: database/sql then re-prepares it only on connections that have
// not seen it, so a call costs one round trip where an unprepared query costs two or three with
// lib/pq and go-sql-driver/mysql. Its Unprepared form prepares nothing (see
// Config.TransactionPooling).
//
// It keeps the Executor contract. Where the driver would go on waiting past the context on a
// silent network (lib/pq does), the call returns at the context's end and the driver's call
// finishes on a goroutine of its own, which lives until the driver returns. Through
// go-sql-driver/mysql and pgx's database/sql driver, which give up the connection when the
// context ends, statements run on the caller's goroutine.
//
// database/sql runs a statement again on another connection when the driver reports
// driver.ErrBadConn, which a driver must do only when nothing was sent. Through a driver that
// also reports a lost answer that way (lib/pq), FromDB stops database/sql from running a write
// (Exec) a second time: the write returns an error wrapping ErrOutcomeUnknown. The price, on such
// a driver only: a write sent on a pooled connection that died while idle fails once, since the
// driver cannot tell that from a lost answer; reads are still run again.
func FromDB(db *sql.DB) Executor {
	pq := lostAnswerIsBadConn(db)
	return &dbExecutor{db: db, once: pq, textTimes: pq, direct: returnsAtCancel(db)}
}

// Unpreparer is implemented by an Executor that can also run without named server-side prepared
// statements, which do not survive a connection pooler in transaction mode. New uses it when
// Config.TransactionPooling is set.
type Unpreparer interface {
	// Unprepared returns an Executor on the same database that prepares no named statement on
	// the server: each statement travels with its arguments, parsed by the server anew.
	Unprepared() Executor
}

type dbExecutor struct {
	db *sql.DB
	// unprepared: run every statement through db itself, never as a prepared *sql.Stmt.
	unprepared bool
	// once: the driver reports a lost answer as driver.ErrBadConn; writes must not be run
	// again by database/sql (driverArgs.guard).
	once bool
	// direct: the driver returns when the context ends, even on a silent network, so statements
	// are called on the caller's goroutine, never through bounded's.
	direct bool
	// textTimes: the driver is lib/pq, which sends times as text; the executor writes them
	// (driverArgs.writeTimes).
	textTimes bool

	// prepared holds the statements prepared so far; it is replaced, never changed, so that a
	// call finds its statement without a lock. A store runs a dozen distinct statements at
	// most, always the same strings, so a list found by == (lengths first, then pointers) is
	// cheaper than hashing the query into a map.
	prepared atomic.Pointer[preparedStmts]
	mu       sync.Mutex // serialises changes to prepared
}

// preparedStmts is the dbExecutor's list of prepared statements; closed is set, with no
// statements, when the executor is closed.
type preparedStmts struct {
	stmts  []preparedStmt
	closed bool
}

type preparedStmt struct {
	query string
	stmt  *sql.Stmt
}

// lookup returns the statement prepared for query, or nil.
func (p *preparedStmts) lookup(query string) *sql.Stmt {
	if p == nil {
		return nil
	}
	for _, s := range p.stmts {
		if s.query == query {
			return s.stmt
		}
	}
	return nil
}

// errExecutorClosed is returned by a closed executor; Store reports ErrClosed before reaching it.
var errExecutorClosed = errors.New("sqlstore: executor is closed")

// Unprepared returns an executor on the same *sql.DB that sends every statement unprepared:
// db.ExecContext(ctx, query, args...) and the like. What that costs each driver, and the DSN
// options that bring it back to one round trip, are in Config.TransactionPooling.
func (e *dbExecutor) Unprepared() Executor {
	return &dbExecutor{db: e.db, unprepared: true, once: e.once, textTimes: e.textTimes, direct: e.direct}
}

// runner is what Exec, QueryRow and Query need of a statement: a *sql.Stmt, or an
// unpreparedStmt.
type runner interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, args ...any) (*sql.Rows, error)
}

// unpreparedStmt runs its query through the pool, unprepared.
type unpreparedStmt struct {
	db    *sql.DB
	query string
}

func (u unpreparedStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return u.db.ExecContext(ctx, u.query, args...)
}

func (u unpreparedStmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return u.db.QueryContext(ctx, u.query, args...)
}

func (e *dbExecutor) stmt(ctx context.Context, query string) (runner, error) {
	p := e.prepared.Load()
	if p != nil && p.closed {
		return nil, errExecutorClosed
	}
	if e.unprepared {
		return unpreparedStmt{e.db, query}, nil
	}
	if s := p.lookup(query); s != nil {
		return s, nil
	}
	// Prepare outside the lock: it is a round trip, and other statements need not wait for it.
	s, err := bounded(ctx, func() (*sql.Stmt, error) { return e.db.PrepareContext(ctx, query) }, (*sql.Stmt).Close)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p = e.prepared.Load()
	switch prev := p.lookup(query); {
	case p != nil && p.closed:
		s.Close()
		return nil, errExecutorClosed
	case prev != nil:
		// Another goroutine prepared it first; keep one.
		s.Close()
		return prev, nil
	}
	var stmts []preparedStmt
	if p != nil {
		stmts = p.stmts
	}
	// The first statements prepared (Find's, Commit's) are the busiest: they stay first.
	e.prepared.Store(&preparedStmts{stmts: append(slices.Clip(stmts), preparedStmt{query, s})})
	return s, nil
}

func (e *dbExecutor) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	s, err := e.stmt(ctx, query)
	if err != nil {
		return 0, err
	}
	res, err := e.execStmt(ctx, s, args)
	if err != nil {
		return 0, outcome(err)
	}
	return res.RowsAffected()
}

func (e *dbExecutor) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	s, err := e.stmt(ctx, query)
	if err != nil {
		return false, err
	}
	rows, err := e.queryStmt(ctx, s, args)
	if err != nil {
		return false, err
	}
	found, err := firstRow(rows, dest)
	return found, withCtxErr(ctx, err)
}

func (e *dbExecutor) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	s, err := e.stmt(ctx, query)
	if err != nil {
		return err
	}
	rows, err := e.queryStmt(ctx, s, args)
	if err != nil {
		return err
	}
	return withCtxErr(ctx, scanRows(rows, each))
}

// execStmt and queryStmt run s with args, rewritten for the driver (rewrite), bounded by ctx.
// With a context that cannot end (the one behind scs's Find and Commit without Ctx), or through
// a driver that returns at the context's end (direct), they call s directly: bounded's
// goroutine, and the closure that may outlive the call on it, would cost every call for
// nothing. When the driver's call returns, it has sent its statement and is done with its
// arguments, and the rewritten ones go back to their pool (see driverArgs.free).
func (e *dbExecutor) execStmt(ctx context.Context, s runner, args []any) (sql.Result, error) {
	a := e.rewrite(args, true)
	defer a.free(ctx)
	args = a.or(args)
	if ctx.Done() == nil || e.direct {
		res, err := s.ExecContext(ctx, args...)
		return res, withCtxErr(ctx, err)
	}
	return bounded(ctx, func() (sql.Result, error) { return s.ExecContext(ctx, args...) }, nil)
}

func (e *dbExecutor) queryStmt(ctx context.Context, s runner, args []any) (*sql.Rows, error) {
	a := e.rewrite(args, false)
	defer a.free(ctx)
	args = a.or(args)
	if ctx.Done() == nil || e.direct {
		rows, err := s.QueryContext(ctx, args...)
		return rows, withCtxErr(ctx, err)
	}
	return bounded(ctx, func() (*sql.Rows, error) { return s.QueryContext(ctx, args...) }, (*sql.Rows).Close)
}

// scanRows calls each for every row and closes rows.
func scanRows(rows *sql.Rows, each func(scan func(dest ...any) error) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

func (e *dbExecutor) WithConn(ctx context.Context, fn func(Querier) error) error {
	conn, err := e.liveConn(ctx)
	if err != nil {
		return err
	}
	err = fn(connQuerier{conn})
	release := func() error {
		if errors.Is(err, ErrDiscardConn) {
			// database/sql closes a connection whose Raw callback reports it bad.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		return conn.Close()
	}
	if err != nil && ctx.Err() != nil {
		// A statement that bounded abandoned at ctx's end may still be running on conn, and
		// database/sql makes Raw and Close wait for it: release conn when the driver returns.
		go release()
		return err
	}
	if cerr := release(); err == nil && cerr != nil && !errors.Is(cerr, sql.ErrConnDone) {
		err = cerr
	}
	return err
}

// liveConn returns a connection of the pool that answers a ping. database/sql retries a
// statement on another connection when the driver reports driver.ErrBadConn, but a pinned
// connection gets no such retry, so after a server restart or a network cut the idle connections
// it hands out are dead. Each failed ping discards one; the pool has no more dead ones than idle
// ones, and a new one is not dead.
func (e *dbExecutor) liveConn(ctx context.Context) (*sql.Conn, error) {
	for tries := e.db.Stats().Idle + 1; ; tries-- {
		conn, err := bounded(ctx, func() (*sql.Conn, error) { return e.db.Conn(ctx) }, (*sql.Conn).Close)
		if err != nil {
			return nil, err
		}
		_, err = bounded(ctx, func() (struct{}, error) { return struct{}{}, conn.PingContext(ctx) }, nil)
		if err == nil {
			return conn, nil
		}
		// After driver.ErrBadConn database/sql has already closed conn and its connection.
		conn.Close()
		if !errors.Is(err, driver.ErrBadConn) || tries <= 1 {
			return nil, err
		}
	}
}

func (e *dbExecutor) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.prepared.Swap(&preparedStmts{closed: true})
	if p == nil {
		return nil
	}
	var errs []error
	for _, s := range p.stmts {
		errs = append(errs, s.stmt.Close())
	}
	return errors.Join(errs...)
}

// connQuerier runs statements on one connection, unprepared: it serves the rare cleanup run, not
// the hot path.
type connQuerier struct{ conn *sql.Conn }

func (c connQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := bounded(ctx, func() (sql.Result, error) { return c.conn.ExecContext(ctx, query, args...) }, nil)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c connQuerier) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	rows, err := bounded(ctx, func() (*sql.Rows, error) { return c.conn.QueryContext(ctx, query, args...) }, (*sql.Rows).Close)
	if err != nil {
		return false, err
	}
	found, err := firstRow(rows, dest)
	return found, withCtxErr(ctx, err)
}

func (c connQuerier) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	rows, err := bounded(ctx, func() (*sql.Rows, error) { return c.conn.QueryContext(ctx, query, args...) }, (*sql.Rows).Close)
	if err != nil {
		return err
	}
	return withCtxErr(ctx, scanRows(rows, each))
}
