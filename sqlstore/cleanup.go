package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/scsql/scsql/dialect"
)

// CleanupResult is the outcome of one cleanup run.
type CleanupResult struct {
	// Table is the store's table.
	Table string
	// Start is when the run began deleting, after it took the cleanup lock.
	Start time.Time
	// Duration is how long the run held the lock and deleted, up to releasing the lock.
	Duration time.Duration
	// Deleted is how many expired sessions the run deleted.
	Deleted int64
	// Batches is how many delete statements the run executed.
	Batches int
	// Skipped is true when another process or store held the table's cleanup lock, so this run
	// deleted nothing and left the work to that one. It is also true when a run stopped early,
	// after deleting Deleted sessions, to leave the rest to another purger: with
	// Config.TransactionPooling on PostgreSQL, where each statement takes the lock, when a
	// statement found it held; and on every database, when a delete statement was rolled back
	// for a conflict (a deadlock, or a certification failure on Galera, whose purgers on
	// different nodes do not exclude each other) on every retry.
	Skipped bool
	// Complete is true when the run found no more expired sessions to delete. It is false when
	// the run stopped at CleanUpMaxDuration, at an error, or was skipped.
	Complete bool
	// Err is why the run failed, or nil.
	Err error
}

// Cleanup deletes the sessions that have expired and reports how many it deleted. It works in
// statements of at most CleanUpBatchSize rows with CleanUpBatchPause between them, until no
// expired session is left or CleanUpMaxDuration has passed. Where the database has a
// cross-process lock (PostgreSQL, MySQL/MariaDB, SQL Server), or within this process where the
// dialect has none (SQLite, or a dialect without Templates.TryLock), it first tries the table's cleanup lock and returns 0 and a nil error at once if another run
// holds it. It honours ctx between and during statements. It needs no background cleanup: call
// it from a cron job if you prefer.
func (s *Store) Cleanup(ctx context.Context) (int64, error) {
	if s.isClosed() {
		return 0, ErrClosed
	}
	res := s.runCleanup(ctx)
	if s.onCleanup != nil {
		s.onCleanup(res)
	}
	if res.Err != nil {
		return res.Deleted, fmt.Errorf("sqlstore: cleanup: %w", res.Err)
	}
	if !res.Complete && !res.Skipped {
		s.log().LogAttrs(ctx, slog.LevelWarn, "scsql: cleanup stopped at its time budget; the rest waits for the next run",
			slog.String("table", s.table), slog.Int64("deleted", res.Deleted), slog.Duration("budget", s.maxRun))
	}
	return res.Deleted, nil
}

func (s *Store) runCleanup(ctx context.Context) CleanupResult {
	res := CleanupResult{Table: s.table}
	// Settle the statements before holding a connection: a probe needs one of its own.
	st, err := s.statements(ctx)
	if err != nil {
		res.Err = err
		return res
	}
	if s.transactionPooling && st.LockedDeleteExpired != "" {
		// Behind a transaction pooler no session state outlives a transaction, so a lock held
		// for the run could stay behind on a pooled server connection. Each delete statement
		// takes a transaction-level lock instead (see Config.TransactionPooling).
		s.deleteExpired(ctx, st, s.exec, &res)
		return res
	}
	if st.TryLock == "" {
		mu := localLock(s.d().Name + " " + s.table)
		if !mu.TryLock() {
			res.Skipped = true
			return res
		}
		defer mu.Unlock()
		s.deleteExpired(ctx, st, s.exec, &res)
		return res
	}
	res.Err = s.exec.WithConn(ctx, func(conn Querier) (err error) {
		var locked bool
		if _, err := conn.QueryRow(ctx, st.TryLock, []any{st.LockKey}, &locked); err != nil {
			if !s.d().LockHeld(err) {
				return fmt.Errorf("take cleanup lock: %w", err)
			}
			locked = false // the database said so by an error (TiDB)
		}
		if !locked {
			res.Skipped = true
			return nil
		}
		defer func() {
			// Release even when ctx is done; a connection that still holds the lock must not
			// go back to the pool, or it would block every other purger until it closed. Once
			// ctx is done the caller is waiting, so the release gets a second: a server that
			// does not answer by then is unreachable, and discarding the connection releases
			// the lock as surely.
			unlockTimeout := 10 * time.Second
			if ctx.Err() != nil {
				unlockTimeout = time.Second
			}
			uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), unlockTimeout)
			defer cancel()
			if _, uerr := conn.Exec(uctx, st.Unlock, st.LockKey); uerr != nil {
				err = errors.Join(err, fmt.Errorf("%w: release cleanup lock: %w", ErrDiscardConn, uerr))
			}
		}()
		s.deleteExpired(ctx, st, conn, &res)
		return res.Err
	})
	// A cancelled context can break the connection under the last statement (lib/pq does), so
	// that the unlock fails too; the connection is then closed, which releases the lock. Say
	// that the run was cancelled, not only that the connection broke.
	if res.Err != nil && ctx.Err() != nil && !errors.Is(res.Err, ctx.Err()) {
		res.Err = errors.Join(ctx.Err(), res.Err)
	}
	return res
}

// deleteExpired runs st's delete statements on q until none is left, the budget is spent, or an
// error.
func (s *Store) deleteExpired(ctx context.Context, st *dialect.Statements, q Querier, res *CleanupResult) {
	res.Start = time.Now()
	defer func() { res.Duration = time.Since(res.Start) }()
	// One clock reading for the whole run, so the run ends even while sessions keep expiring.
	now := s.d().Bind.TimeArg(s.now())
	for {
		if err := ctx.Err(); err != nil {
			res.Err = err
			return
		}
		var n int64
		taken := true // the statement lock, when the statement takes one
		batchStart := time.Now()
		err := s.retry(ctx, func() error {
			if s.transactionPooling && st.LockedDeleteExpired != "" {
				_, err := q.QueryRow(ctx, st.LockedDeleteExpired, []any{now, s.batch, st.LockKey}, &taken, &n)
				return err
			}
			if st.BeforeDeleteExpired != "" {
				if _, err := q.Exec(ctx, st.BeforeDeleteExpired); err != nil {
					return err
				}
			}
			var err error
			n, err = q.Exec(ctx, st.DeleteExpired, now, s.batch)
			return err
		})
		res.Batches++
		res.Deleted += n
		if s.progress != nil {
			p := *res
			p.Duration = time.Since(res.Start)
			s.progress(p)
		}
		if err != nil && s.d().Retryable(err) && ctx.Err() == nil {
			// The statement lost a conflict on every retry: other purgers are deleting the same
			// rows, as on a multi-primary cluster (Galera), where each node's purger holds only
			// its own node's lock. Leave the rest to them and to the next run.
			res.Skipped = true
			return
		}
		if err != nil {
			res.Err = err
			return
		}
		if !taken {
			// Another purger's statement holds the lock: leave the rest to it.
			res.Skipped = true
			return
		}
		if n < int64(s.batch) {
			res.Complete = true
			return
		}
		if s.maxRun > 0 && time.Since(res.Start) >= s.maxRun {
			return
		}
		if pause := s.batchPause(time.Since(batchStart)); pause > 0 {
			t := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				t.Stop()
				res.Err = ctx.Err()
				return
			case <-t.C:
			}
		}
	}
}

// batchPause is the pause after a statement that ran for took: see Config.CleanUpBatchPause.
func (s *Store) batchPause(took time.Duration) time.Duration {
	switch {
	case s.pause < 0:
		return 0
	case s.pause > 0:
		return s.pause
	}
	return max(took, DefaultCleanUpBatchPause)
}

// localLocks serialise cleanup runs within the process for dialects without a cross-process
// lock (SQLite, whose writers serialise anyway: two purgers would only queue; a database such as
// CockroachDB that has no advisory lock). They are keyed by dialect name and table, as written.
var localLocks sync.Map // string → *sync.Mutex

func localLock(key string) *sync.Mutex {
	mu, _ := localLocks.LoadOrStore(key, new(sync.Mutex))
	return mu.(*sync.Mutex)
}
