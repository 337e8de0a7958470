//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package pgxstore

import (
	"crypto/tls"
	"errors"
	"net"
	"syscall"
)

// quiet reports whether an idle connection's socket has nothing to read: no end of stream, no
// reset, no message. A server sends nothing unasked to an idle connection but when it ends it
// (a shutdown, pg_terminate_backend), and a network that cut it leaves an end of stream or a
// reset, so anything there means the connection must be checked before a statement is sent on
// it. It reads nothing (MSG_PEEK) and does not wait (MSG_DONTWAIT): one system call, no round
// trip. It is what go-sql-driver/mysql does before it reuses a connection.
func quiet(c net.Conn) bool {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false // cannot tell: the caller pings
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	var peekErr error
	err = raw.Read(func(fd uintptr) bool {
		var b [1]byte
		_, _, peekErr = syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		return true // never wait for the socket to become readable
	})
	// Nothing to read is EAGAIN; an end of stream is no error at all, with 0 bytes.
	return err == nil && (errors.Is(peekErr, syscall.EAGAIN) || errors.Is(peekErr, syscall.EWOULDBLOCK))
}
