//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package pgxstore

import (
	"crypto/tls"
	"errors"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// quiet reports whether an idle connection's socket has nothing to read: no end of stream, no
// reset, no message. A server sends nothing unasked to an idle connection but when it ends it
// (a shutdown, pg_terminate_backend), and a network that cut it leaves an end of stream or a
// reset, so anything there means the connection must be checked before a statement is sent on
// it. It reads nothing (MSG_PEEK) and does not wait (MSG_DONTWAIT): one system call, no round
// trip. It is what go-sql-driver/mysql does before it reuses a connection.
//
// What the peek needs is made on a connection's first check and kept in its CustomData, so
// that later checks allocate nothing: the raw socket and the peek's closure cost three heap
// allocations per statement when made anew.
func quiet(pc *pgconn.PgConn) bool {
	data := pc.CustomData()
	p, _ := data[peekerKey].(*peeker)
	if p == nil {
		p = newPeeker(pc.Conn())
		data[peekerKey] = p
	}
	return p.quiet()
}

// peekerKey is the CustomData key of a connection's peeker.
const peekerKey = "scsql.peeker"

// peeker peeks at one connection's socket. A connection is used by one goroutine at a time, so
// its peeker needs no lock.
type peeker struct {
	raw  syscall.RawConn // nil: the socket cannot be looked at
	peek func(fd uintptr) bool
	err  error // the last peek's
}

func newPeeker(c net.Conn) *peeker {
	p := &peeker{}
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return p
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return p
	}
	p.raw = raw
	p.peek = func(fd uintptr) bool {
		var b [1]byte
		_, _, p.err = syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		return true // never wait for the socket to become readable
	}
	return p
}

func (p *peeker) quiet() bool {
	if p.raw == nil {
		return false // cannot tell: the caller pings
	}
	err := p.raw.Read(p.peek)
	// Nothing to read is EAGAIN; an end of stream is no error at all, with 0 bytes.
	return err == nil && (errors.Is(p.err, syscall.EAGAIN) || errors.Is(p.err, syscall.EWOULDBLOCK))
}
