package sqlstore

import (
	"context"
	"database/sql"
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
	err = s.QueryRowContext(ctx, args...).Scan(dest...)
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
