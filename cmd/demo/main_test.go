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

	var out strings.Builder
	base, stop := startDemo(t, path, &out)
	if got := get(t, client, base+"/get"); got != "(no message: visit /put first)\n" {
		t.Errorf("/get before /put = %q", got)
	}
	if got := get(t, client, base+"/put"); got != "stored a message in your session\n" {
		t.Errorf("/put = %q", got)
	}
	stop() // run has returned: out is complete
	if !strings.Contains(out.String(), "demo: SQLite through "+sqliteDriverDescription+"\n") {
		t.Errorf("the demo does not say which driver it uses:\n%s", out.String())
	}

	base, stop = startDemo(t, path, io.Discard)
	defer stop()
	if got := get(t, client, base+"/get"); got != "Hello from a session!\n" {
		t.Errorf("/get after a restart = %q; want the message stored before it", got)
	}
}

// startDemo runs the demo on a free port of 127.0.0.1, writing to out, and returns its base URL
// and a function that stops it and waits for it to return.
func startDemo(t *testing.T, path string, out io.Writer) (base string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	shown := displayAddr("127.0.0.1:0", ln.Addr())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, ln, shown, path, out) }()
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
	return "http://" + shown, stop
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
