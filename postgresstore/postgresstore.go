// Package postgresstore is a PostgreSQL session store for scs on database/sql, a drop-in
// replacement for github.com/alexedwards/scs/postgresstore: change the import and nothing else.
// For pgx's native pool, use package pgxstore.
//
// The package imports no driver. Two are tested with the whole suite: github.com/lib/pq
// (sql.Open("postgres", dsn)) and pgx's database/sql driver, github.com/jackc/pgx/v5/stdlib
// (sql.Open("pgx", dsn)). They differ in one case under network faults. lib/pq reports a
// connection found dead, and a lost answer too, as driver.ErrBadConn: see sqlstore.FromDB for
// what the store does then. pgx's driver checks a pooled connection (a ping) when database/sql
// takes it from the pool only if over a second has passed since it was last taken, so the
// first call on a connection that died within that second fails, with pgx's own error: pgx
// cannot know whether the server got the statement, so neither the store nor database/sql runs
// it again, and the calls after it open new connections. pgxstore, on pgx's native pool,
// looks at every connection's socket before it sends on it, without a round trip, and pings
// one that shows a close, so its first call after such a failure succeeds.
//
// Each operation is one prepared statement, one round trip. Expiry is judged by the
// application's clock (Config.Now) and bound as a TIMESTAMPTZ, so the server's TimeZone setting
// never changes an answer.
//
// # Schema
//
// Store.CreateTable creates the recommended table, which is scs's own:
//
//	CREATE TABLE IF NOT EXISTS sessions (
//		token TEXT PRIMARY KEY,
//		data BYTEA NOT NULL,
//		expiry TIMESTAMPTZ NOT NULL
//	);
//	CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expiry);
//
// A table made with scs's documented schema works unchanged, and scs's store and this one can
// share it while you migrate. Table names are folded to lower case, as PostgreSQL folds the
// unquoted names scs uses. The database user needs SELECT, INSERT, UPDATE and DELETE on the
// table, and CREATE on the schema only when CreateTable has to create the table.
//
// Behind PgBouncer in transaction pooling mode, set Config.TransactionPooling, and add
// binary_parameters=yes to lib/pq's DSN or default_query_exec_mode=exec to pgx's;
// Config.TransactionPooling says why and what changes.
package postgresstore

import (
	"database/sql"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// Store is the session store; see sqlstore.Store.
type Store = sqlstore.Store

// PostgresStore is scs's name for Store.
type PostgresStore = Store

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
	return sqlstore.NewDB(db, dialect.Postgres, cfg)
}
