// Package mysqlstore is a MySQL and MariaDB session store for scs, a drop-in replacement for
// github.com/alexedwards/scs/mysqlstore: change the import and nothing else.
//
// Use github.com/go-sql-driver/mysql. Each operation is one prepared statement, one round trip.
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
// On that schema, keep the connection's time_zone at UTC (the default where the server runs in
// UTC): MySQL converts TIMESTAMP values through the session time zone, and both scs and this
// store bind UTC times. The database user needs SELECT, INSERT, UPDATE and DELETE on the table,
// and CREATE only for CreateTable.
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
