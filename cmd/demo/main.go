// Command demo is scs's put/get example on sqlite3store: a web app whose sessions live in a
// SQLite file, created on first run, so they survive a restart.
//
//	go run ./cmd/demo            (or: make demo)
//	curl -c cookies.txt -b cookies.txt localhost:4000/put
//	curl -c cookies.txt -b cookies.txt localhost:4000/get
//
// Built with cgo (the default where a C compiler is installed) it opens SQLite through
// github.com/mattn/go-sqlite3; built without (CGO_ENABLED=0), through modernc.org/sqlite, which
// is SQLite translated to Go. It prints which. The file is the same either way.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/sqlite3store"
)

func main() {
	addr := flag.String("addr", "localhost:4000", "address to listen on")
	path := flag.String("db", "demo.db", "SQLite file that holds the sessions; created if missing")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err == nil {
		err = run(ctx, ln, displayAddr(*addr, ln.Addr()), *path, os.Stdout)
	}
	if err != nil {
		slog.Error("demo", "error", err)
		os.Exit(1)
	}
}

// displayAddr is the address to show: the host as the user wrote it ("localhost", not the
// 127.0.0.1 it resolved to; "localhost" for all interfaces), with the port actually bound.
func displayAddr(requested string, bound net.Addr) string {
	host, _, err := net.SplitHostPort(requested)
	_, port, err2 := net.SplitHostPort(bound.String())
	if err != nil || err2 != nil {
		return bound.String()
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// run serves the demo on ln until ctx is done, with its sessions in the SQLite file at path,
// telling out how to use it.
func run(ctx context.Context, ln net.Listener, shown, path string, out io.Writer) error {
	defer ln.Close()
	db, err := sql.Open(sqliteDriver, sqliteDSN(path))
	if err != nil {
		return err
	}
	defer db.Close()

	store := sqlite3store.NewWithCleanupInterval(db, time.Minute)
	defer store.Close()
	if err := store.CreateTable(ctx); err != nil {
		return err
	}

	sessionManager := scs.New()
	sessionManager.Store = store

	mux := http.NewServeMux()
	mux.HandleFunc("/put", func(w http.ResponseWriter, r *http.Request) {
		sessionManager.Put(r.Context(), "message", "Hello from a session!")
		io.WriteString(w, "stored a message in your session\n")
	})
	mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) {
		msg := sessionManager.GetString(r.Context(), "message")
		if msg == "" {
			msg = "(no message: visit /put first)"
		}
		io.WriteString(w, msg+"\n")
	})

	base := "http://" + shown
	fmt.Fprintf(out, "demo: SQLite through %s\n", sqliteDriverDescription)
	fmt.Fprintf(out, "demo: listening on %s, sessions in %s\n", base, path)
	fmt.Fprintf(out, "try:\n  curl -c cookies.txt -b cookies.txt %s/put\n  curl -c cookies.txt -b cookies.txt %s/get\n", base, base)
	fmt.Fprintln(out, "stop with Ctrl-C; start again and /get still answers: the session is in the file.")

	srv := &http.Server{Handler: sessionManager.LoadAndSave(mux), ReadHeaderTimeout: 10 * time.Second}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	err = srv.Serve(ln)
	if !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-stopped
	return nil
}
