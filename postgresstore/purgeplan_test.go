package postgresstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

// TestPurgePlan checks that the purge's batch delete never scans the whole table, whatever its
// size: on 10,000 sessions, 2% of them expired, both forms of the delete (with and without the
// transaction-level lock) must reach the rows through an index. A delete of `token IN
// (sub-select)` was planned here as a hash semi-join over a sequential scan.
func TestPurgePlan(t *testing.T) {
	db := testdb.Postgres(t)
	table := fmt.Sprintf("purge_plan_%08x", rand.Uint32())
	s := postgresstore.NewWithConfig(db, sqlstore.Config{TableName: table})
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := dialect.Postgres.Statements(table)
	if err != nil {
		t.Fatal(err)
	}
	quoted, err := dialect.Postgres.QuoteTable(table)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { testdb.MustExec(t, db, "DROP TABLE IF EXISTS "+quoted) })
	testdb.MustExec(t, db,
		`INSERT INTO `+quoted+` (token, data, expiry) SELECT md5(g::text), '\x00'::bytea, `+
			`CASE WHEN g % 50 = 0 THEN now() - interval '1 hour' ELSE now() + interval '1 day' END `+
			`FROM generate_series(1, 10000) g`,
		"ANALYZE "+quoted)

	now := time.Now()
	for _, c := range []struct {
		name, stmt string
		args       []any
	}{
		{"DeleteExpired", st.DeleteExpired, []any{now, 1000}},
		{"LockedDeleteExpired", st.LockedDeleteExpired, []any{now, 1000, int64(1)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := testdb.TxQuery(db)(ctx, nil, "EXPLAIN "+c.stmt, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan strings.Builder
			for _, r := range rows {
				plan.WriteString(strings.Join(r, " ") + "\n")
			}
			if strings.Contains(plan.String(), "Seq Scan") {
				t.Errorf("the purge's delete scans the table:\n%s", plan.String())
			}
		})
	}
}
