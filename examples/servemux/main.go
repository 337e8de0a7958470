// Command servemux serves scs sessions, kept in SQLite by scsql's sqlite3store, with net/http's
// ServeMux and nothing else.
//
//	go run ./servemux   # then: curl -c jar -b jar localhost:4000/put; curl -c jar -b jar localhost:4000/get
package main

import (
	"context"
	"database/sql"
	"io"
	"log"
	"log/slog"
	"net/http"

	"github.com/alexedwards/scs/v2"
	_ "github.com/mattn/go-sqlite3"

	"github.com/scsql/scsql/sqlite3store"
)

func main() {
	db, err := sql.Open("sqlite3", "sessions.db?_busy_timeout=5000&_journal_mode=WAL")
	if err != nil {
		log.Fatal(err)
	}
	store := sqlite3store.New(db)
	if err := store.CreateTable(context.Background()); err != nil {
		log.Fatal(err)
	}
	sessionManager := scs.New()
	sessionManager.Store = store
	log.Fatal(http.ListenAndServe("localhost:4000", newHandler(sessionManager)))
}

// newHandler returns the application: a ServeMux wrapped in scs's middleware.
func newHandler(sessionManager *scs.SessionManager) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /put", func(w http.ResponseWriter, r *http.Request) {
		sessionManager.Put(r.Context(), "message", "Hello from a session!")
		io.WriteString(w, "stored")
	})
	mux.HandleFunc("GET /get", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sessionManager.GetString(r.Context(), "message"))
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		// A new token on every change of privilege, against session fixation.
		if err := sessionManager.RenewToken(r.Context()); err != nil {
			serverError(w, err)
			return
		}
		sessionManager.Put(r.Context(), "userID", r.FormValue("user"))
		io.WriteString(w, "logged in")
	})
	mux.HandleFunc("POST /logout", func(w http.ResponseWriter, r *http.Request) {
		if err := sessionManager.Destroy(r.Context()); err != nil {
			serverError(w, err)
			return
		}
		io.WriteString(w, "logged out")
	})
	mux.HandleFunc("GET /whoami", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sessionManager.GetString(r.Context(), "userID"))
	})
	return sessionManager.LoadAndSave(mux)
}

// serverError logs err and answers 500 without details.
func serverError(w http.ResponseWriter, err error) {
	slog.Error("session", "err", err)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}
