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
	find, del, index := testdb.PrincipalPlans(t, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}, testdb.TxQuery(db), "EXPLAIN FORMAT=JSON")
	for name, plan := range map[string]string{"FindByPrincipal": find, "DeleteByPrincipal": del} {
		if !strings.Contains(plan, `"key": "`+index+`"`) {
			t.Errorf("%s does not use %s:\n%s", name, index, plan)
		}
	}
}
