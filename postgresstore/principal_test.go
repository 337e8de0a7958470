package postgresstore_test

import (
	"strings"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

// TestPrincipalIndex checks that finding and deleting by principal can use the partial
// principal index (WHERE principal IS NOT NULL): the planner proves that an equality on the
// column implies the index's condition. Sequential scans are turned off, since on a table
// this small one would be cheaper.
func TestPrincipalIndex(t *testing.T) {
	db := testdb.Postgres(t)
	testdb.WantPrincipalIndex(t, dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(db, cfg)
	}, testdb.TxQuery(db), "EXPLAIN", func(plan, index string) bool {
		// "Index Scan using <index> on <table>", or "Bitmap Index Scan on <index>".
		return strings.Contains(plan, "using "+index+" ") || strings.Contains(plan, "on "+index+" ")
	}, "SET LOCAL enable_seqscan = off")
}
