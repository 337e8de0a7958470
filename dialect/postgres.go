package dialect

import (
	"hash/fnv"
	"strings"
	"time"
)

// Postgres is the dialect of PostgreSQL 12 and later, for lib/pq and pgx alike.
//
// Table names are folded to lower case before quoting, as PostgreSQL folds unquoted names, so
// "Sessions" names the same table here as in scs's unquoted SQL. Expired rows are purged by a
// keyed sub-select that skips rows other transactions hold, and the cleanup lock is a
// session-level advisory lock keyed by a hash of the table name.
var Postgres = Dialect{
	Name: "postgres",
	ident: identifierRules{
		maxLen: 63,
		quote:  quoteWith(`"`, `"`),
		fold:   strings.ToLower,
	},
	find:   `SELECT data FROM {table} WHERE token = $1 AND expiry > $2`,
	upsert: `INSERT INTO {table} (token, data, expiry) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry`,
	delete: `DELETE FROM {table} WHERE token = $1`,
	all:    `SELECT token, data FROM {table} WHERE expiry > $1`,
	deleteExpired: `DELETE FROM {table} WHERE token IN (` +
		`SELECT token FROM {table} WHERE expiry <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
	createTable: []string{
		`CREATE TABLE IF NOT EXISTS {table} (token TEXT PRIMARY KEY, data BYTEA NOT NULL, expiry TIMESTAMPTZ NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS {index} ON {table} (expiry)`,
	},
	tryLock:   `SELECT pg_try_advisory_lock($1)`,
	unlock:    `SELECT pg_advisory_unlock($1)`,
	bindTime:  func(t time.Time) any { return t.UTC() },
	lockKey:   advisoryLockKey,
	retryable: postgresRetryable,
}

// advisoryLockKey maps a table to a bigint advisory-lock key that every process computes alike.
func advisoryLockKey(table string) any {
	h := fnv.New64a()
	h.Write([]byte("scsql cleanup " + table))
	return int64(h.Sum64())
}
