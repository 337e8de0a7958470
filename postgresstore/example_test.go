package postgresstore_test

import (
	"database/sql"
	"io"
	"log"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	_ "github.com/lib/pq"

	"github.com/scsql/scsql/postgresstore"
)

// scs's put/get example; only the store's import differs from scs's own.
func Example() {
	db, err := sql.Open("postgres", "postgres://user:password@127.0.0.1/app")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	sessionManager := scs.New()
	sessionManager.Store = postgresstore.New(db)

	mux := http.NewServeMux()
	mux.HandleFunc("/put", func(w http.ResponseWriter, r *http.Request) {
		sessionManager.Put(r.Context(), "message", "Hello from a session!")
	})
	mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sessionManager.GetString(r.Context(), "message"))
	})
	log.Fatal(http.ListenAndServe(":4000", sessionManager.LoadAndSave(mux)))
}

// A schema-qualified table with the recommended schema, purged every minute in batches.
func ExampleNewWithConfig() {
	db, err := sql.Open("postgres", "postgres://user:password@127.0.0.1/app")
	if err != nil {
		log.Fatal(err)
	}
	store := postgresstore.NewWithConfig(db, postgresstore.Config{
		TableName:        "auth.sessions",
		CleanUpInterval:  time.Minute,
		CleanUpBatchSize: 500,
	})
	defer store.Close()
}
