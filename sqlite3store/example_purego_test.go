package sqlite3store_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"

	"github.com/scsql/scsql/sqlite3store"
)

// The same store on modernc.org/sqlite, SQLite translated to Go: no cgo, no C compiler. Its DSN
// sets pragmas with _pragma, and a connection without busy_timeout has none. (On
// github.com/ncruces/go-sqlite3/driver, registered as "sqlite3", the DSN is spelled the same
// way.)
func Example_pureGo() {
	dir, err := os.MkdirTemp("", "sqlite3store-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	dsn := "file:" + filepath.Join(dir, "app.db") + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
	db, err := sql.Open("sqlite", dsn)
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
