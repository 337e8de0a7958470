package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/scsql/scsql/internal/testdb"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

// TestSessionSurvivesRestart runs the demo as `make demo` does, on whichever SQLite driver this
// build has (mattn with cgo, modernc without), puts a message, stops the demo, starts it again
// on the same file, and gets the message back with the same cookie jar.
func TestSessionSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar}

	base, out, stop := startDemo(t, path)
	if got := get(t, client, base+"/get"); got != "(no message: visit /put first)\n" {
		t.Errorf("/get before /put = %q", got)
	}
	if got := get(t, client, base+"/put"); got != "stored a message in your session\n" {
		t.Errorf("/put = %q", got)
	}
	// The demo has answered, so it printed its banner first.
	if !strings.Contains(out(), "demo: SQLite through "+sqliteDriverDescription) {
		t.Errorf("the demo does not say which driver it uses:\n%s", out())
	}
	stop()

	base, _, stop = startDemo(t, path)
	defer stop()
	if got := get(t, client, base+"/get"); got != "Hello from a session!\n" {
		t.Errorf("/get after a restart = %q; want the message stored before it", got)
	}
}

// startDemo runs the demo on a free port of 127.0.0.1 and returns its base URL, its output so
// far, and a function that stops it and waits for it to return.
func startDemo(t *testing.T, path string) (base string, out func() string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	shown := displayAddr("127.0.0.1:0", ln.Addr())
	var buf syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, ln, shown, path, &buf) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("demo: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	// The listener is open before run starts: requests queue until the server serves them.
	return "http://" + shown, buf.String, stop
}

func get(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDisplayAddr(t *testing.T) {
	bound := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	for requested, want := range map[string]string{
		"localhost:8080": "localhost:8080",
		"localhost:0":    "localhost:8080",
		":8080":          "localhost:8080",
		"127.0.0.1:0":    "127.0.0.1:8080",
	} {
		if got := displayAddr(requested, bound); got != want {
			t.Errorf("displayAddr(%q) = %q, want %q", requested, got, want)
		}
	}
}

// syncBuffer is an io.Writer whose contents may be read while the demo writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
