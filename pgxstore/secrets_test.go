package pgxstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestNoTokenInErrorsOrLogs(t *testing.T) {
	p := pool(t, testdb.PostgresDSN())
	testdb.SecretSuite(t, dialect.Postgres, poolExec(p), func(cfg sqlstore.Config) *sqlstore.Store {
		return pgxstore.NewWithConfig(p, cfg)
	})
}
