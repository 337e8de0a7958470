// Package sqlite3store is a SQLite session store for scs on database/sql, a drop-in replacement
// for github.com/alexedwards/scs/sqlite3store: change the import and nothing else.
//
// The package imports no driver. Three are tested with the whole suite; each spells the busy
// timeout and WAL its own way:
//
//	github.com/mattn/go-sqlite3 (cgo)    sql.Open("sqlite3", "file:app.db?_busy_timeout=5000&_journal_mode=WAL")
//	modernc.org/sqlite (pure Go)         sql.Open("sqlite", "file:app.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
//	github.com/ncruces/go-sqlite3/driver sql.Open("sqlite3", "file:app.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(wal)")
//
// mattn's driver needs cgo: built with CGO_ENABLED=0 the program compiles but fails at its first
// statement ("requires cgo to work. This is a stub"). modernc's and ncruces's need no C compiler.
// ncruces's driver registers the name "sqlite3", as mattn's does, so a program links one of
// the two.
//
// Expiry is a julian day number computed by the application's clock (Config.Now) and bound as a
// number, kept to the millisecond as SQLite's julianday() keeps it. Commits update rows in place
// (INSERT ... ON CONFLICT) instead of scs's REPLACE, which deletes and reinserts.
//
// database/sql keeps several connections to the file, and SQLite lets one write at a time. Give
// every connection a busy timeout: mattn's default is 5 s, ncruces's a minute when the DSN sets
// no _pragma at all (and none when it sets others), modernc's none. A statement that SQLite still
// refuses with "database is locked" is run again, up to five more times and never past its
// context (see dialect.Dialect.Busy): SQLite's busy handler polls instead of queueing writers,
// so under sustained write load one writer can wait out a whole timeout. Add WAL as well:
// readers then never wait for a writer, and commits are cheaper.
//
// # Schema
//
// Store.CreateTable creates the recommended table, which is scs's own:
//
//	CREATE TABLE IF NOT EXISTS sessions (
//		token TEXT PRIMARY KEY,
//		data BLOB NOT NULL,
//		expiry REAL NOT NULL
//	);
//	CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expiry);
//
// A table made with scs's documented schema works unchanged, and scs's store and this one can
// share it while you migrate. A schema-qualified table name names an attached database.
package sqlite3store

import (
	"database/sql"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// Store is the session store; see sqlstore.Store.
type Store = sqlstore.Store

// SQLite3Store is scs's name for Store.
type SQLite3Store = Store

// Config configures a Store; see sqlstore.Config.
type Config = sqlstore.Config

// GobPrincipal returns a Config.Principal for sessions encoded by scs's default codec: the
// value stored under key. See sqlstore.GobPrincipal.
func GobPrincipal(key string) func(data []byte) (principal string, ok bool) {
	return sqlstore.GobPrincipal(key)
}

// PrincipalFromCodec returns a Config.Principal for sessions encoded by codec: the value
// stored under key. See sqlstore.PrincipalFromCodec.
func PrincipalFromCodec(codec scs.Codec, key string) func(data []byte) (principal string, ok bool) {
	return sqlstore.PrincipalFromCodec(codec, key)
}

// New returns a Store on the table "sessions" that deletes expired sessions every 5 minutes.
func New(db *sql.DB) *Store {
	return NewWithCleanupInterval(db, sqlstore.DefaultCleanUpInterval)
}

// NewWithCleanupInterval returns a Store on the table "sessions" that deletes expired sessions
// every cleanupInterval; 0 disables the background cleanup.
func NewWithCleanupInterval(db *sql.DB, cleanupInterval time.Duration) *Store {
	return NewWithConfig(db, Config{CleanUpInterval: cleanupInterval})
}

// NewWithConfig returns a Store configured by cfg. It does no I/O, and panics if cfg.TableName
// is not a valid table name.
func NewWithConfig(db *sql.DB, cfg Config) *Store {
	return sqlstore.NewDB(db, dialect.SQLite, cfg)
}
