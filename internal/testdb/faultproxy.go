package testdb

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// FaultProxy is a TCP proxy between a store's connection pool and a real database server that
// can break the network on demand: Cut closes every live connection, BlackHole makes the
// network silent. It owns every goroutine it starts and stops them all when the test ends.
type FaultProxy struct {
	t      testing.TB
	target string
	ln     net.Listener
	wg     sync.WaitGroup

	// accepted counts the connections the proxy has accepted.
	accepted atomic.Int64

	mu    sync.Mutex
	conns map[*proxyConn]struct{}
	// hole is non-nil while the proxy is black-holed, mute while Mute holds the server's bytes
	// on the connections it found open; Heal closes both.
	hole, mute chan struct{}
	// reject, when set, is done to every new connection instead of forwarding it.
	reject func(net.Conn)
	closed bool
}

// proxyConn is one client connection and its connection to the server.
type proxyConn struct {
	client net.Conn
	done   chan struct{} // closed by close
	// muted, when set, holds the server's bytes on this connection until it is closed.
	muted atomic.Pointer[chan struct{}]

	mu     sync.Mutex
	server net.Conn // nil until dialled
	closed bool
}

// close closes both connections; it is safe to call more than once and concurrently.
func (c *proxyConn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	close(c.done)
	c.client.Close()
	if c.server != nil {
		c.server.Close()
	}
}

// attach records the connection to the server, or closes it if c was closed meanwhile.
func (c *proxyConn) attach(server net.Conn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		server.Close()
		return false
	}
	c.server = server
	return true
}

// NewFaultProxy starts a proxy on 127.0.0.1 that forwards every connection to target
// (host:port). It stops when the test ends: the listener closes, every connection is closed and
// every goroutine has returned before the test's cleanup moves on.
func NewFaultProxy(t testing.TB, target string) *FaultProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("fault proxy: listen: %v", err)
	}
	p := &FaultProxy{t: t, target: target, ln: ln, conns: make(map[*proxyConn]struct{})}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

// Addr is the proxy's address (127.0.0.1:port), to dial instead of the server's.
func (p *FaultProxy) Addr() string { return p.ln.Addr().String() }

// Cut closes every live connection, in both directions, as a server restart or a reset network
// path does, and reports how many it closed. The proxy keeps accepting and forwarding new
// connections.
func (p *FaultProxy) Cut() int {
	p.mu.Lock()
	conns := p.conns
	p.conns = make(map[*proxyConn]struct{})
	p.mu.Unlock()
	for c := range conns {
		c.close()
	}
	return len(conns)
}

// BlackHole stops forwarding bytes in both directions and holds every connection open, as a
// network path that silently drops packets (or a hung server) does: writes are accepted and no
// answer comes. New connections are accepted, and get nothing either. Heal forwards what was
// held.
func (p *FaultProxy) BlackHole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hole == nil {
		p.hole = make(chan struct{})
	}
}

// Mute holds every byte the server sends on the connections open now, and forwards what their
// clients send: statements reach the server and run, and their answers wait. Connections opened
// later are not muted, as when one network path fails and others work. A Cut then loses the
// held answers, so the client cannot know whether a statement it sent took effect, which is the
// case a store's retry rule must get right. Heal forwards what was held.
func (p *FaultProxy) Mute() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mute == nil {
		p.mute = make(chan struct{})
	}
	for c := range p.conns {
		c.muted.Store(&p.mute)
	}
}

// Heal ends a black hole, Mute, RefuseNew and DropNew: bytes flow again, the ones held first, as
// TCP retransmission delivers them once a path recovers, and new connections are forwarded.
func (p *FaultProxy) Heal() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reject = nil
	for _, held := range []*chan struct{}{&p.hole, &p.mute} {
		if *held != nil {
			close(*held)
			*held = nil
		}
	}
}

// Accepted reports how many connections the proxy has accepted since it started, rejected ones
// included: each is a connection a client opened to the server.
func (p *FaultProxy) Accepted() int { return int(p.accepted.Load()) }

// RefuseNew makes the proxy reset every new connection as soon as it is accepted, as a port with
// no server behind it refuses one (the client sees a reset rather than a refusal, but it is
// counted). Connections already open are left alone. Heal ends it.
func (p *FaultProxy) RefuseNew() {
	p.setReject(func(c net.Conn) {
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0) // close with a reset, not a clean end of stream
		}
		c.Close()
	})
}

// DropNew makes the proxy close every new connection, cleanly, as soon as it is accepted, as a
// server that is starting or shutting down does. Connections already open are left alone. Heal
// ends it.
func (p *FaultProxy) DropNew() {
	p.setReject(func(c net.Conn) { c.Close() })
}

func (p *FaultProxy) setReject(reject func(net.Conn)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reject = reject
}

func (p *FaultProxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				p.t.Errorf("fault proxy: accept: %v", err)
			}
			return
		}
		p.accepted.Add(1)
		c := &proxyConn{client: client, done: make(chan struct{})}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			client.Close()
			return
		}
		if reject := p.reject; reject != nil {
			p.mu.Unlock()
			reject(client)
			continue
		}
		p.conns[c] = struct{}{}
		p.wg.Add(1)
		p.mu.Unlock()
		go p.serve(c)
	}
}

// serve connects c to the server and pumps bytes both ways until either side closes or c is cut.
func (p *FaultProxy) serve(c *proxyConn) {
	defer p.wg.Done()
	defer p.forget(c)
	// Dialling the server is not subject to the black hole: the server is healthy, the path to
	// it is not. The bytes it sends are held like any others.
	server, err := net.DialTimeout("tcp", p.target, 10*time.Second)
	if err != nil {
		c.close()
		return
	}
	if !c.attach(server) {
		return
	}
	var pumps sync.WaitGroup
	pumps.Go(func() { p.pump(c, server, c.client, false) })
	pumps.Go(func() { p.pump(c, c.client, server, true) })
	pumps.Wait()
}

func (c *proxyConn) isDone() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// pump copies src to dst, holding each chunk while the proxy is black-holed (or muted, for the
// server's bytes), and closes both connections when either ends.
func (p *FaultProxy) pump(c *proxyConn, dst io.Writer, src io.Reader, fromServer bool) {
	defer c.close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.pass(c, fromServer) {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// pass waits while the proxy holds bytes going c's way and reports whether c is still open.
func (p *FaultProxy) pass(c *proxyConn, fromServer bool) bool {
	for {
		p.mu.Lock()
		held := p.hole
		if m := c.muted.Load(); held == nil && fromServer && m != nil {
			held = *m
		}
		p.mu.Unlock()
		if held == nil {
			return !c.isDone()
		}
		select {
		case <-held:
		case <-c.done:
			return false
		}
	}
}

func (p *FaultProxy) forget(c *proxyConn) {
	c.close()
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

// close stops the proxy: no new connection, every live one closed, every goroutine returned.
func (p *FaultProxy) close() {
	p.mu.Lock()
	p.closed = true
	conns := p.conns
	p.conns = make(map[*proxyConn]struct{})
	for _, held := range []*chan struct{}{&p.hole, &p.mute} {
		if *held != nil {
			close(*held)
			*held = nil
		}
	}
	p.mu.Unlock()
	p.ln.Close()
	for c := range conns {
		c.close()
	}
	p.wg.Wait()
}
