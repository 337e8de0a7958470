package pgxstore_test

import (
	"context"
	"io"
	"log"
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scsql/scsql/pgxstore"
)

// scs's put/get example; only the store's import differs from scs's own.
func Example() {
	pool, err := pgxpool.New(context.Background(), "postgres://user:password@127.0.0.1/app")
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()

	sessionManager := scs.New()
	sessionManager.Store = pgxstore.New(pool)

	mux := http.NewServeMux()
	mux.HandleFunc("/put", func(w http.ResponseWriter, r *http.Request) {
		sessionManager.Put(r.Context(), "message", "Hello from a session!")
	})
	mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sessionManager.GetString(r.Context(), "message"))
	})
	log.Fatal(http.ListenAndServe(":4000", sessionManager.LoadAndSave(mux)))
}
