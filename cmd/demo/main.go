// Command demo is scs's put/get example on sqlite3store: a web app whose sessions live in a
// SQLite file, created on first run, so they survive a restart.
//
//	go run ./cmd/demo            (or: make demo)
//	curl -c cookies.txt -b cookies.txt localhost:4000/put
//	curl -c cookies.txt -b cookies.txt localhost:4000/get
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
	_ "github.com/mattn/go-sqlite3"

	"github.com/scsql/scsql/sqlite3store"
)

func main() {
	addr := flag.String("addr", "localhost:4000", "address to listen on")
	path := flag.String("db", "demo.db", "SQLite file that holds the sessions; created if missing")
	flag.Parse()
	if err := run(*addr, *path); err != nil {
		slog.Error("demo", "error", err)
		os.Exit(1)
	}
}

func run(addr, path string) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000&_journal_mode=WAL")
	if err != nil {
		return err
	}
	defer db.Close()

	store := sqlite3store.NewWithCleanupInterval(db, time.Minute)
	defer store.Close()
	if err := store.CreateTable(context.Background()); err != nil {
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

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	fmt.Printf("demo: listening on %s, sessions in %s\n", base, path)
	fmt.Printf("try:\n  curl -c cookies.txt -b cookies.txt %s/put\n  curl -c cookies.txt -b cookies.txt %s/get\n", base, base)
	fmt.Println("stop with Ctrl-C; start again and /get still answers: the session is in the file.")

	srv := &http.Server{Handler: sessionManager.LoadAndSave(mux), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
