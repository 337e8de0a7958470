// Package sqlite3store is a SQLite session store for scs on github.com/mattn/go-sqlite3, a
// drop-in replacement for github.com/alexedwards/scs/sqlite3store: change the import and nothing
// else.
//
// Expiry is a julian day number computed by the application's clock (Config.Now) and bound as a
// number, kept to the millisecond as SQLite's julianday() keeps it. Commits update rows in place
// (INSERT ... ON CONFLICT) instead of scs's REPLACE, which deletes and reinserts.
//
// A plain file DSN ("file:app.db") is safe with several connections: go-sqlite3 gives every
// connection a 5 s busy timeout unless the DSN's _busy_timeout says otherwise, and a statement
// that SQLite still refuses with "database is locked" is run again, up to five more times and
// never past its context (see dialect.Dialect.Busy): SQLite's busy handler polls instead of
// queueing writers, so under sustained write load one writer can wait out a whole timeout.
// Still add "_journal_mode=WAL" to the DSN: readers then never wait for a writer, and commits
// are cheaper. Do not set "_busy_timeout=0".
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
