package pgxstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
)

// BYTEA holds a gigabyte, too much to reach in a test: only Config.MaxDataSize is checked.
func TestDataSize(t *testing.T) {
	p := pool(t, testdb.PostgresDSN())
	newStore := func(cfg sqlstore.Config) *sqlstore.Store { return pgxstore.NewWithConfig(p, cfg) }
	t.Run("Recommended", func(t *testing.T) {
		testdb.SizeSuite(t, dialect.Postgres, poolExec(p), newStore, testdb.SizeSchema{})
	})
	t.Run("SCSSchema", func(t *testing.T) {
		testdb.SizeSuite(t, dialect.Postgres, poolExec(p), newStore, testdb.SizeSchema{DDL: testdb.SCSDDL(t, dialect.Postgres)})
	})
}
