// Package mssqlstore is a SQL Server and Azure SQL session store for scs on
// github.com/microsoft/go-mssqldb, with the constructors of github.com/alexedwards/scs/mssqlstore.
//
// Commits are an UPDATE-then-INSERT under UPDLOCK and SERIALIZABLE in one batch, safe under
// concurrent commits of one token. Expiry is judged by the application's clock (Config.Now) and
// bound as a zone-less DATETIME2 holding UTC, so the server's time zone never changes an answer.
// Expired rows are deleted with DELETE TOP (n) ... WITH (READPAST), which does not wait for
// rows that readers or writers hold.
//
// No SQL Server runs in this module's CI: the statements are golden-tested, and the full
// conformance suite runs against a live server when SCSQL_MSSQL_DSN is set
// (make test-mssql).
//
// # Schema
//
// Store.CreateTable creates the recommended table:
//
//	CREATE TABLE sessions (
//		token VARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
//		data VARBINARY(MAX) NOT NULL,
//		expiry DATETIME2(6) NOT NULL
//	);
//	CREATE INDEX sessions_expiry_idx ON sessions (expiry);
//
// scs's documented schema works too:
//
//	CREATE TABLE sessions (
//		token CHAR(43) PRIMARY KEY,
//		data VARBINARY(MAX) NOT NULL,
//		expiry DATETIME2(6) NOT NULL
//	);
//	CREATE INDEX sessions_expiry_idx ON sessions (expiry);
package mssqlstore

import (
	"database/sql"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// Store is the session store; see sqlstore.Store.
type Store = sqlstore.Store

// MSSQLStore is scs's name for Store.
type MSSQLStore = Store

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
	return sqlstore.NewDB(db, dialect.SQLServer, cfg)
}
