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
	Identifiers: Identifiers{
		MaxLen: 63,
		Quote:  QuoteWith(`"`, `"`),
		Fold:   strings.ToLower,
	},
	SQL: Templates{
		Find:         `SELECT data FROM {table} WHERE token = $1 AND expiry > $2`,
		Upsert:       `INSERT INTO {table} (token, data, expiry) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry`,
		Delete:       `DELETE FROM {table} WHERE token = $1`,
		All:          `SELECT token, data FROM {table} WHERE expiry > $1`,
		CountExpired: `SELECT count(*) FROM {table} WHERE expiry <= $1`,
		// The batch is an array, not an IN (sub-select): the planner cannot know how many rows
		// a sub-select returns, and on a table of a few thousand rows it joined them with a
		// sequential scan of the whole table. An array is probed through the primary key
		// whatever the table's size.
		DeleteExpired: `DELETE FROM {table} WHERE token = ANY(ARRAY(` +
			`SELECT token FROM {table} WHERE expiry <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
		// to_regclass resolves the name as the other statements do (search_path for an
		// unqualified one) and answers NULL, not an error, when there is no such relation.
		TableExists: `SELECT to_regclass('{table}') IS NOT NULL`,
		CreateTable: []string{
			`CREATE TABLE IF NOT EXISTS {table} (token TEXT PRIMARY KEY, data BYTEA NOT NULL, expiry TIMESTAMPTZ NOT NULL)`,
			`CREATE INDEX IF NOT EXISTS {index} ON {table} (expiry)`,
		},
		SCSCreateTable: scsPostgresSchema,
		TryLock:        `SELECT pg_try_advisory_lock($1)`,
		Unlock:         `SELECT pg_advisory_unlock($1)`,

		// For Config.TransactionPooling: the cleanup lock at transaction level, inside the
		// delete. The lock's CTE is materialized, so it runs once, and the delete's one-time
		// filter reads it before touching a row: a statement that finds the lock taken deletes
		// nothing.
		LockedDeleteExpired: `WITH cleanup_lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($3) AS taken), ` +
			`purged AS (DELETE FROM {table} WHERE (SELECT taken FROM cleanup_lock) AND token = ANY(ARRAY(` +
			`SELECT token FROM {table} WHERE expiry <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)) RETURNING 1) ` +
			`SELECT (SELECT taken FROM cleanup_lock), (SELECT count(*) FROM purged)`,
		Principal: postgresPrincipal,
		Catalog:   postgresCatalog,
		Migrate:   postgresMigrate,
	},
	Bind:    Binding{Time: func(t time.Time) any { return t.UTC() }},
	LockKey: advisoryLockKey,

	Expiry: postgresTimestamptz,

	Errors: Errors{
		Retryable:        postgresRetryable,
		PermissionDenied: postgresPermissionDenied,
		ReadOnly:         postgresReadOnly,
	},
	// CREATE INDEX needs ownership of the table too, which its creator has.
	CreatePrivilege: "CREATE on the schema",
}

// advisoryLockKey maps a table to a bigint advisory-lock key that every process computes alike.
func advisoryLockKey(table string) any {
	h := fnv.New64a()
	h.Write([]byte("scsql cleanup " + table))
	return int64(h.Sum64())
}
