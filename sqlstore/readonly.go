package sqlstore

import (
	"context"
	"fmt"
)

// readOnlyConns is how many connections a write may try, and close, after a node refused it as
// read-only (dialect.ReadOnly), before it returns that refusal. The first of them is usually the
// connection that refused the first run, back in the pool; as after a lost connection, a call
// then tries two pooled connections and one new one, so that a node that stays read-only (a DSN
// without target_session_attrs=read-write, say) is not sent a new connection per try.
const readOnlyConns = 3

// retryWrite is retry for a write (the upsert, the deletes): it runs query with args and returns
// the rows affected. A write refused because its connection reached a node that takes no writes
// (a standby, or a primary demoted at a failover) certainly did not take effect, and that
// connection will refuse every write: it is treated like a lost connection. The write runs again
// on a connection of the pool's choosing, held for the attempt, and a connection that refuses it
// as read-only too is closed, not returned to the pool, so that the pool opens new ones (with
// lib/pq's or pgx's target_session_attrs=read-write, on the new primary). It stops at the first
// answer that is not a read-only refusal, after readOnlyConns connections, or when ctx ends.
//
// It takes the statement rather than a callback, and leaves the rare path to writeOnOtherConns,
// so that a write allocates nothing here: a closure that the executor may keep is made only
// when a node has refused the write.
func (s *Store) retryWrite(ctx context.Context, query string, args []any) (int64, error) {
	var n int64
	err := s.retry(ctx, func() (err error) {
		n, err = s.exec.Exec(ctx, query, args...)
		return err
	})
	if err != nil && s.d().ReadOnly(err) && ctx.Err() == nil { // err first: see commitError
		return s.writeOnOtherConns(ctx, query, args, err)
	}
	return n, err
}

// writeOnOtherConns runs a write that a read-only node refused (err) on up to readOnlyConns
// connections held for the attempt, closing each that refuses it too (see retryWrite).
func (s *Store) writeOnOtherConns(ctx context.Context, query string, args []any, err error) (int64, error) {
	var n int64
	for try := 0; try < readOnlyConns && s.d().ReadOnly(err) && ctx.Err() == nil; try++ {
		var opErr error
		err = s.exec.WithConn(ctx, func(q Querier) error {
			n, opErr = q.Exec(ctx, query, args...)
			if s.d().ReadOnly(opErr) {
				return fmt.Errorf("%w: %w", ErrDiscardConn, opErr)
			}
			return opErr
		})
		if opErr != nil {
			err = opErr // without ErrDiscardConn, which is for the executor only
		}
	}
	return n, err
}
