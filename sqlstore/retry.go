package sqlstore

import (
	"context"
	"time"
)

// retryDelays are the waits before each retry of a statement the database rolled back for a
// conflict. The statements retried (upsert, one purge batch) are idempotent and single-statement,
// so a rolled-back attempt left nothing behind.
var retryDelays = []time.Duration{time.Millisecond, 5 * time.Millisecond, 25 * time.Millisecond}

// retry runs op, and runs it again after a short wait while the dialect says its error was a
// deadlock or serialization conflict, at most len(retryDelays) more times.
func (s *Store) retry(ctx context.Context, op func() error) error {
	err := op()
	for _, d := range retryDelays {
		if !s.dialect.Retryable(err) {
			return err
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		err = op()
	}
	return err
}
