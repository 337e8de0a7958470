package postgresstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

// BYTEA holds a gigabyte, too much to reach in a test: only Config.MaxDataSize is checked.
func TestDataSize(t *testing.T) {
	db := testdb.Postgres(t)
	newStore := func(cfg sqlstore.Config) *sqlstore.Store { return postgresstore.NewWithConfig(db, cfg) }
	t.Run("Recommended", func(t *testing.T) {
		testdb.SizeSuite(t, dialect.Postgres, testdb.DBExec(db), newStore, testdb.SizeSchema{})
	})
	t.Run("SCSSchema", func(t *testing.T) {
		testdb.SizeSuite(t, dialect.Postgres, testdb.DBExec(db), newStore, testdb.SizeSchema{DDL: testdb.SCSDDL(t, dialect.Postgres)})
	})
}
