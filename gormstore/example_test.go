package gormstore_test

import (
	"io"
	"log"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"

	"github.com/scsql/scsql/gormstore"
)

// scs's put/get example on GORM; only the store's import differs from scs's own.
func Example() {
	db, err := gorm.Open(mysql.Open("user:password@tcp(127.0.0.1:3306)/app?parseTime=true"), &gorm.Config{})
	if err != nil {
		log.Fatal(err)
	}

	store, err := gormstore.New(db) // creates the table "sessions" if it is missing
	if err != nil {
		log.Fatal(err)
	}
	sessionManager := scs.New()
	sessionManager.Store = store

	mux := http.NewServeMux()
	mux.HandleFunc("/put", func(w http.ResponseWriter, r *http.Request) {
		sessionManager.Put(r.Context(), "message", "Hello from a session!")
	})
	mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sessionManager.GetString(r.Context(), "message"))
	})
	log.Fatal(http.ListenAndServe(":4000", sessionManager.LoadAndSave(mux)))
}

// A table of its own, purged every minute in batches.
func ExampleNewWithConfig() {
	db, err := gorm.Open(mysql.Open("user:password@tcp(127.0.0.1:3306)/app"), &gorm.Config{})
	if err != nil {
		log.Fatal(err)
	}
	store, err := gormstore.NewWithConfig(db, gormstore.Config{
		TableName:        "auth_sessions",
		CleanUpInterval:  time.Minute,
		CleanUpBatchSize: 500,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
}
