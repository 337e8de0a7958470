package sqlstore

import (
	"context"
	"sync"
	"time"
	"unsafe"
)

// argList holds the arguments of one write (Commit's, Delete's) while the executor runs it.
// Passed through the Executor interface, an argument slice escapes to the heap, one allocation
// per write that the hand-written statement does not make; the Executor contract lends args for
// the call alone, so the store takes the list from a pool and puts it back when the call has
// returned. The list holds the text of the write's time too (timeArg).
type argList struct {
	args [4]any
	time timeText
}

var argLists = sync.Pool{New: func() any { return new(argList) }}

// newArgList returns an empty argument list for one write; free returns it.
func newArgList() *argList { return argLists.Get().(*argList) }

// free clears l, so that a session's data is not kept alive while l waits in the pool, and
// returns l to it, once the write that used l has returned: nothing may use l, or a slice of
// it, after. After ctx has ended, l is left to the garbage collector instead, since an
// executor may have left a driver call running that still reads it (the Executor contract
// allows that only at the context's end, and a context that has ended stays so).
func (l *argList) free(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	clear(l.args[:])
	argLists.Put(l)
}

// timeText is room for a time written as text (dialect.Binding.AppendTime): MySQL's takes 26
// bytes.
type timeText [32]byte

// timeArg returns t bound for the dialect. When the dialect writes times as text, the text is
// written into buf and shares its memory, which must then stay unchanged until the statement
// has run: a time costs no allocation beyond the argument's own.
func (s *Store) timeArg(buf *timeText, t time.Time) any {
	b := &s.d().Bind
	if b.AppendTime == nil {
		return b.TimeArg(t)
	}
	text := b.AppendTime(buf[:0], t)
	return unsafe.String(unsafe.SliceData(text), len(text))
}
