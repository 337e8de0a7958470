package sqlite3store_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

func TestDataSize(t *testing.T) {
	// SQLite holds a gigabyte by default; a connection limit of 64 KiB makes the database's
	// own refusal (SQLITE_TOOBIG) reachable. The limit covers the whole row, so data of exactly
	// 64 KiB does not fit.
	const limit = 1 << 16
	db := testdb.SQLiteLengthLimit(t, limit)
	newStore := func(cfg sqlstore.Config) *sqlstore.Store { return sqlite3store.NewWithConfig(db, cfg) }
	t.Run("Recommended", func(t *testing.T) {
		testdb.SizeSuite(t, dialect.SQLite, testdb.DBExec(db), newStore, testdb.SizeSchema{Limit: limit})
	})
	t.Run("SCSSchema", func(t *testing.T) {
		testdb.SizeSuite(t, dialect.SQLite, testdb.DBExec(db), newStore, testdb.SizeSchema{DDL: testdb.SCSDDL(t, dialect.SQLite), Limit: limit})
	})
}
