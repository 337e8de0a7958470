package mysqlstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestNoTokenInErrorsOrLogs(t *testing.T) {
	db := testdb.MySQL(t)
	testdb.SecretSuite(t, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	})
}
