package sqlite3store_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

func TestNoTokenInErrorsOrLogs(t *testing.T) {
	db := testdb.SQLite(t)
	testdb.SecretSuite(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlite3store.NewWithConfig(db, cfg)
	})
}
