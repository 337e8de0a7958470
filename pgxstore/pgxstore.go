// Package pgxstore is a PostgreSQL session store for scs on a github.com/jackc/pgx/v5 pool, a
// drop-in replacement for github.com/alexedwards/scs/pgxstore: change the import and nothing
// else.
//
// The store talks to pgx natively, not through database/sql: pgx's statement cache makes each
// operation one round trip. Expiry is judged by the application's clock (Config.Now) and bound
// as a TIMESTAMPTZ, so the server's TimeZone setting never changes an answer.
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
// Behind PgBouncer in transaction pooling mode, set Config.TransactionPooling: the store then
// runs its statements in pgx.QueryExecModeExec (unless the pool's default mode already prepares
// nothing by name) and takes its cleanup lock per statement.
package pgxstore

import (
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

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
func New(pool *pgxpool.Pool) *Store {
	return NewWithCleanupInterval(pool, sqlstore.DefaultCleanUpInterval)
}

// NewWithCleanupInterval returns a Store on the table "sessions" that deletes expired sessions
// every cleanupInterval; 0 disables the background cleanup.
func NewWithCleanupInterval(pool *pgxpool.Pool, cleanupInterval time.Duration) *Store {
	return NewWithConfig(pool, Config{CleanUpInterval: cleanupInterval})
}

// NewWithConfig returns a Store configured by cfg. It does no I/O, and panics if cfg.TableName
// is not a valid table name.
func NewWithConfig(pool *pgxpool.Pool, cfg Config) *Store {
	return sqlstore.New(FromPool(pool), dialect.Postgres, cfg)
}
