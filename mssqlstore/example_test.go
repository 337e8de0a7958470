package mssqlstore_test

import (
	"database/sql"
	"io"
	"log"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	_ "github.com/microsoft/go-mssqldb"

	"github.com/scsql/scsql/mssqlstore"
)

// scs's put/get example; only the store's import differs from scs's own.
func Example() {
	db, err := sql.Open("sqlserver", "sqlserver://user:password@127.0.0.1?database=app")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	sessionManager := scs.New()
	sessionManager.Store = mssqlstore.New(db)

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
	db, err := sql.Open("sqlserver", "sqlserver://user:password@127.0.0.1?database=app")
	if err != nil {
		log.Fatal(err)
	}
	store := mssqlstore.NewWithConfig(db, mssqlstore.Config{
		TableName:        "dbo.sessions",
		CleanUpInterval:  time.Minute,
		CleanUpBatchSize: 500,
	})
	defer store.Close()
}
