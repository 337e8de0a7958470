package sqlite3store_test

import (
	"strings"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/modernc"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

// TestPrincipalIndex checks that finding and deleting by principal search the partial
// principal index (WHERE principal IS NOT NULL), which SQLite uses for an equality on the
// column.
func TestPrincipalIndex(t *testing.T) {
	db := modernc.Open(t)
	testdb.WantPrincipalIndex(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlite3store.NewWithConfig(db, cfg)
	}, testdb.TxQuery(db), "EXPLAIN QUERY PLAN", func(plan, index string) bool {
		return strings.Contains(plan, "USING INDEX "+index+" (principal=?)")
	})
}
