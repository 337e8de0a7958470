package dialect

import "time"

// SQLite is the dialect of SQLite 3.24 and later.
//
// Expiry is a julian day number in a REAL column, as in scs's schema, kept to the millisecond as
// SQLite's julianday() keeps it. It is computed in Go and bound as a number, so no statement
// parses a time string. The upsert is INSERT ... ON CONFLICT,
// which updates the row in place where scs's REPLACE deletes and reinserts it. A schema-qualified
// name refers to an attached database ("main.sessions").
var SQLite = Dialect{
	Name: "sqlite",
	Identifiers: Identifiers{
		// SQLite has no limit of its own; this keeps names portable.
		MaxLen: 128,
		Quote:  QuoteWith(`"`, `"`),
	},
	SQL: Templates{
		Find:          `SELECT data FROM {table} WHERE token = ? AND expiry > ?`,
		Upsert:        `INSERT INTO {table} (token, data, expiry) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
		Delete:        `DELETE FROM {table} WHERE token = ?`,
		All:           `SELECT token, data FROM {table} WHERE expiry > ?`,
		CountExpired:  `SELECT COUNT(*) FROM {table} WHERE expiry <= ?`,
		DeleteExpired: `DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE expiry <= ? LIMIT ?)`,
		// An unqualified name is looked up in main, where an unqualified CREATE TABLE creates
		// it. SQLite's names ignore ASCII case.
		TableExists: `SELECT COUNT(*) > 0 FROM {schema.}sqlite_master WHERE type IN ('table', 'view') AND name = '{name_literal}' COLLATE NOCASE`,
		CreateTable: []string{
			`CREATE TABLE IF NOT EXISTS {table} (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry REAL NOT NULL)`,
			// SQLite puts the schema on the index's name, not on the table it indexes.
			`CREATE INDEX IF NOT EXISTS {schema.}{index} ON {name} (expiry)`,
		},
		SCSCreateTable: scsSQLiteSchema,
		// No cross-process lock: SQLite's writers serialise anyway, and cleanup runs are
		// serialised within the process.
		Principal: sqlitePrincipal,
		Catalog:   sqliteCatalog,
		Migrate:   sqliteMigrate,
	},
	Bind: Binding{Time: julianDay},

	Expiry: sqliteJulianDay,

	Errors: Errors{
		Busy:             sqliteBusy,
		PermissionDenied: sqliteReadOnly,
		DataTooLarge:     sqliteDataTooLarge,
	},
}

// unixEpochJulianMillis is 1970-01-01T00:00:00Z in milliseconds of julian day.
const unixEpochJulianMillis = 210866760000000

// julianDay returns t as SQLite's julianday() does: whole milliseconds since noon UTC, 24 November
// 4714 BC, divided into days. Counting in integer milliseconds first keeps the mapping monotonic
// and gives the very number SQLite computes for the same millisecond.
func julianDay(t time.Time) any {
	return float64(t.UnixMilli()+unixEpochJulianMillis) / 864e5
}
