package sqlstore

import (
	"context"
	"math/rand/v2"
	"time"
)

// retryDelays are the waits before each retry of a statement the database rolled back for a
// conflict. The statements retried (upsert, delete, one purge batch, the reads) are idempotent and
// single-statement, so a rolled-back attempt left nothing behind. Each wait is drawn at random
// from half to one and a half times its value, so that writers that conflicted once do not
// retry in step and conflict again: on a multi-primary cluster (Galera), commits to one token on
// several nodes conflict at certification, and without jitter the same writers met again.
var retryDelays = []time.Duration{time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond, 25 * time.Millisecond, 50 * time.Millisecond}

// busyDelays are the waits before each retry of a statement SQLite refused because another
// connection held the database for longer than the busy timeout (dialect.Busy). Each attempt
// has already waited up to that timeout inside SQLite (go-sqlite3's default is 5 s), so the
// bound is longer than for conflicts: at most six attempts, each waiting up to the busy timeout,
// with 0.91 s of pauses between them, and never past ctx. SQLite polls for the lock with growing
// sleeps instead of queueing, so under sustained write load a writer can lose every poll of one
// timeout while others commit; another round of polls is then all it needs.
var busyDelays = []time.Duration{10 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond}

// retry runs op, and runs it again after a short wait while the dialect says its error was a
// deadlock or serialization conflict (at most len(retryDelays) more times) or SQLite's busy
// database (at most len(busyDelays) more times).
func (s *Store) retry(ctx context.Context, op func() error) error {
	return s.retryIf(ctx, op, nil)
}

// retryIf is retry, but runs op again only while again, when not nil, says it may: a query that
// has handed rows to its caller cannot be run again.
func (s *Store) retryIf(ctx context.Context, op func() error, again func() bool) error {
	err := op()
	for conflicts, busy := 0, 0; ; {
		var d time.Duration
		switch {
		case err == nil:
			return nil
		case again != nil && !again():
			return err
		case conflicts < len(retryDelays) && s.d().Retryable(err):
			d = retryDelays[conflicts]/2 + rand.N(retryDelays[conflicts])
			conflicts++
		case busy < len(busyDelays) && s.d().Busy(err):
			d = busyDelays[busy]
			busy++
		default:
			return err
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		if ctx.Err() != nil {
			// Checked after the wait, not only in it: when the timer fires as ctx ends, select
			// may take either, and op must not run once more past ctx.
			return err
		}
		err = op()
	}
}
