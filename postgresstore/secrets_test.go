package postgresstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestNoTokenInErrorsOrLogs(t *testing.T) {
	db := testdb.Postgres(t)
	testdb.SecretSuite(t, dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(db, cfg)
	})
}
