package sqlstore

import (
	"context"
	"sync"
)

// driverArgs are one statement's arguments as FromDB hands them to a driver that needs them
// rewritten: through lib/pq, its UTC times as text (writeTimes) and a write's first argument
// guarded against a second run (guard). They come from a pool and go back to it when the
// driver's call has returned, so that the rewriting costs no allocation per statement.
type driverArgs struct {
	list []any // the arguments the driver gets: args[:n], or a longer copy
	args [4]any
	once onceArg
	text [2][pqTimeLen]byte
}

var driverArgsPool = sync.Pool{New: func() any { return new(driverArgs) }}

// rewrite returns args rewritten for e's driver, for a write (Exec) or a read, or nil when the
// driver takes them as they are.
func (e *dbExecutor) rewrite(args []any, write bool) *driverArgs {
	write = write && e.once
	if !e.textTimes && !write {
		return nil
	}
	a := driverArgsPool.Get().(*driverArgs)
	a.list = append(a.args[:0], args...)
	if e.textTimes {
		a.writeTimes()
	}
	if write {
		a.guard()
	}
	return a
}

// or returns the arguments the driver gets: a's, or args when a is nil.
func (a *driverArgs) or(args []any) []any {
	if a == nil {
		return args
	}
	return a.list
}

// free returns a to the pool once the driver's call that got a.list has returned, and with it
// every statement the call sent; free does nothing on nil. The arguments are cleared, so that a
// session's data is not kept alive while a waits. After ctx has ended, a is left to the garbage
// collector instead: bounded may have left the driver's call running, still reading it. (bounded
// returns before the call only when ctx has ended, and a context that has ended stays so.)
func (a *driverArgs) free(ctx context.Context) {
	if a == nil || ctx.Err() != nil {
		return
	}
	clear(a.args[:])
	a.list = nil
	a.once.v = nil
	a.once.used.Store(false)
	driverArgsPool.Put(a)
}
