package mysqlstore_test

import (
	"strings"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
)

// TestPrincipalIndex checks that finding and deleting by principal use the principal index,
// as the server's plan says.
func TestPrincipalIndex(t *testing.T) {
	db := testdb.MySQL(t)
	testdb.WantPrincipalIndex(t, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}, testdb.TxQuery(db), "EXPLAIN FORMAT=JSON", func(plan, index string) bool {
		return strings.Contains(plan, `"key": "`+index+`"`)
	})
}
