// Package mysqlstore is a MySQL and MariaDB session store for scs, a drop-in replacement for
// github.com/alexedwards/scs/mysqlstore: change the import and nothing else.
//
// Use github.com/go-sql-driver/mysql. Each operation is one prepared statement, one round trip.
// On TiDB the store finds out by itself, on its first operation, and uses dialect.TiDB (see
// docs/tidb.md).
// Expiry is judged by the application's clock (Config.Now) and bound in UTC, so the server's and
// the session's time zones never change an answer on a DATETIME column.
//
// # Schema
//
// Store.CreateTable creates the recommended table, which scs's schema would make you fix later:
// DATETIME(6) reaches past 2038 and is never converted through a session time zone, MEDIUMBLOB
// holds 16 MiB where BLOB stops at 64 KiB, and a VARBINARY token compares byte for byte.
//
//	CREATE TABLE IF NOT EXISTS sessions (
//		token VARBINARY(255) NOT NULL,
//		data MEDIUMBLOB NOT NULL,
//		expiry DATETIME(6) NOT NULL,
//		PRIMARY KEY (token),
//		INDEX sessions_expiry_idx (expiry)
//	);
//
// A table made with scs's documented schema works unchanged, and scs's store and this one can
// share it while you migrate:
//
//	CREATE TABLE sessions (
//		token CHAR(43) PRIMARY KEY,
//		data BLOB NOT NULL,
//		expiry TIMESTAMP(6) NOT NULL
//	);
//	CREATE INDEX sessions_expiry_idx ON sessions (expiry);
//
// The store reads the table's column types on its first operation (one query to
// information_schema, once per store) and fits its statements to them. On a TIMESTAMP expiry,
// which MySQL converts through the session time zone, it converts its UTC times to the
// session's zone first, so any time_zone gives the right instants; it refuses an expiry after
// 2038-01-19 03:14:07 UTC, which TIMESTAMP cannot hold, with sqlstore.ErrExpiryOutOfRange; and
// it refuses data larger than the data column (BLOB: 65,535 bytes) with
// sqlstore.ErrDataTooLarge, which a server outside strict SQL mode would truncate. Two caveats
// remain on TIMESTAMP: in a time zone with daylight saving time the hour repeated in autumn is
// ambiguous, so use UTC or a fixed offset as time_zone (time_zone=%27%2B00%3A00%27 in the DSN);
// and scs's own store binds UTC times as if the session were in UTC, so while both share the
// table keep time_zone at UTC. After altering the table, make a new store. The database user
// needs SELECT, INSERT, UPDATE and DELETE on the table, and CREATE only when CreateTable has to
// create the table.
package mysqlstore

import (
	"database/sql"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// Store is the session store; see sqlstore.Store.
type Store = sqlstore.Store

// MySQLStore is scs's name for Store.
type MySQLStore = Store

// Config configures a Store; see sqlstore.Config.
type Config = sqlstore.Config

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
	return sqlstore.NewDB(db, dialect.MySQL, cfg)
}
