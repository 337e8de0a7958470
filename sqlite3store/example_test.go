//go:build cgo

package sqlite3store_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/scsql/scsql/sqlite3store"
)

// A store on a SQLite file through github.com/mattn/go-sqlite3 (cgo), used directly
// (scs.SessionManager makes the same calls).
func Example() {
	dir, err := os.MkdirTemp("", "sqlite3store-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "app.db")+"?_busy_timeout=5000&_journal_mode=WAL")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	store := sqlite3store.NewWithCleanupInterval(db, time.Minute)
	defer store.Close()
	if err := store.CreateTable(context.Background()); err != nil {
		log.Fatal(err)
	}

	if err := store.Commit("a-session-token", []byte("hello"), time.Now().Add(time.Hour)); err != nil {
		log.Fatal(err)
	}
	data, found, err := store.Find("a-session-token")
	fmt.Println(string(data), found, err)
	// Output: hello true <nil>
}
