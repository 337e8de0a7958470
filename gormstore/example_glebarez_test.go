package gormstore_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	glebarez "github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"github.com/scsql/scsql/gormstore"
)

// GORM on github.com/glebarez/sqlite, SQLite in pure Go: no cgo, no C compiler. Its DSN sets
// pragmas with _pragma; without busy_timeout a second writer fails at once.
func Example_pureGoSQLite() {
	dir, err := os.MkdirTemp("", "gormstore-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	dsn := "file:" + filepath.Join(dir, "app.db") + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
	db, err := gorm.Open(glebarez.Open(dsn), &gorm.Config{})
	if err != nil {
		log.Fatal(err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		log.Fatal(err)
	}
	defer sqlDB.Close()

	store, err := gormstore.New(db) // creates the table "sessions"
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	if err := store.Commit("a-session-token", []byte("hello"), time.Now().Add(time.Hour)); err != nil {
		log.Fatal(err)
	}
	data, found, err := store.Find("a-session-token")
	fmt.Println(string(data), found, err)
	// Output: hello true <nil>
}
