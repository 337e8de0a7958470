package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
)

// FromDB returns an Executor that runs statements on db. Each distinct statement is prepared
// once, on first use, and reused: database/sql then re-prepares it only on connections that have
// not seen it, so a call costs one round trip where an unprepared query costs two or three with
// lib/pq and go-sql-driver/mysql.
func FromDB(db *sql.DB) Executor {
	return &dbExecutor{db: db, stmts: make(map[string]*sql.Stmt)}
}

type dbExecutor struct {
	db *sql.DB

	mu     sync.RWMutex
	stmts  map[string]*sql.Stmt
	closed bool
}

// errExecutorClosed is returned by a closed executor; Store reports ErrClosed before reaching it.
var errExecutorClosed = errors.New("sqlstore: executor is closed")

func (e *dbExecutor) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	e.mu.RLock()
	s, closed := e.stmts[query], e.closed
	e.mu.RUnlock()
	if closed {
		return nil, errExecutorClosed
	}
	if s != nil {
		return s, nil
	}
	// Prepare outside the lock: it is a round trip, and other statements need not wait for it.
	s, err := e.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		s.Close()
		return nil, errExecutorClosed
	}
	if prev := e.stmts[query]; prev != nil {
		// Another goroutine prepared it first; keep one.
		s.Close()
		return prev, nil
	}
	e.stmts[query] = s
	return s, nil
}

func (e *dbExecutor) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	s, err := e.stmt(ctx, query)
	if err != nil {
		return 0, err
	}
	res, err := s.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (e *dbExecutor) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	s, err := e.stmt(ctx, query)
	if err != nil {
		return false, err
	}
	return scanRow(s.QueryRowContext(ctx, args...), dest)
}

// scanRow scans row into dest and reports whether there was a row.
func scanRow(row *sql.Row, dest []any) (bool, error) {
	err := row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (e *dbExecutor) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	s, err := e.stmt(ctx, query)
	if err != nil {
		return err
	}
	rows, err := s.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	return scanRows(rows, each)
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
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	err = fn(connQuerier{conn})
	if errors.Is(err, ErrDiscardConn) {
		// database/sql closes a connection whose Raw callback reports it bad.
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	if cerr := conn.Close(); err == nil && cerr != nil && !errors.Is(cerr, sql.ErrConnDone) {
		err = cerr
	}
	return err
}

func (e *dbExecutor) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	var errs []error
	for q, s := range e.stmts {
		errs = append(errs, s.Close())
		delete(e.stmts, q)
	}
	return errors.Join(errs...)
}

// connQuerier runs statements on one connection, unprepared: it serves the rare cleanup run, not
// the hot path.
type connQuerier struct{ conn *sql.Conn }

func (c connQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := c.conn.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c connQuerier) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	return scanRow(c.conn.QueryRowContext(ctx, query, args...), dest)
}

func (c connQuerier) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	rows, err := c.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return scanRows(rows, each)
}
