// Package mssqlstore is a SQL Server and Azure SQL session store for scs on
// github.com/microsoft/go-mssqldb, with the constructors of github.com/alexedwards/scs/mssqlstore.
//
// Commits are an UPDATE-then-INSERT under UPDLOCK and SERIALIZABLE in one batch: the key-range
// lock the UPDATE takes makes concurrent commits of one token wait for each other instead of
// racing to insert, and an error rolls the batch back and is re-raised (THROW), leaving no SET
// option changed on the pooled connection. MERGE is not used: even with HOLDLOCK it needs the
// same locking to be safe and has a history of concurrency defects.
//
// Parameters are bound so that the database never converts a column: tokens as VARBINARY
// (go-mssqldb sends a Go string as NVARCHAR, which outranks CHAR and VARCHAR and would turn the
// primary-key seek into a scan; VARBINARY ranks below both), and expiry as a zone-less DATETIME2
// holding the UTC wall clock, judged by the application's clock (Config.Now), so the server's
// time zone never changes an answer. Find, Delete and the commit's UPDATE also compare the token
// in a binary collation, because scs's CHAR(43) column usually has a case-insensitive one.
// Expired rows are deleted with DELETE TOP (n) ... WITH (ROWLOCK, READPAST), which skips rows
// that commits hold, and one process purges a table at a time under sp_getapplock (Exclusive,
// owned by the session, no wait); a deadlock victim (error 1205) is retried.
//
// # What was verified, and how
//
// No SQL Server can run on this module's machines, so CI checks the statements without one:
// golden files (testdata/golden/sqlserver.sql), the number and order of every statement's
// parameters, and the Go types bound for them (which decide the types go-mssqldb sends: read from
// its source, []byte → VARBINARY, civil.DateTime → DATETIME2, string → NVARCHAR). The statements
// were written against SQL Server's documentation (2017 and later, Azure SQL) and have not been
// run against a live server by this project's CI. The full conformance suite, the same one that
// runs on PostgreSQL, MariaDB and SQLite, runs against a live server when SCSQL_MSSQL_DSN is set:
//
//	SCSQL_MSSQL_DSN='sqlserver://sa:PASSWORD@127.0.0.1:1433?database=test' make test-mssql
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
//
// Tokens are expected to be ASCII, as scs's are: a token column of CHAR or VARCHAR keeps bytes in
// its code page, so a non-ASCII token would be stored as other characters.
package mssqlstore

import (
	"database/sql"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// Store is the session store; see sqlstore.Store.
type Store = sqlstore.Store

// MSSQLStore is scs's name for Store.
type MSSQLStore = Store

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
	return sqlstore.NewDB(db, dialect.SQLServer, cfg)
}
