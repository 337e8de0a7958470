package pgxstore_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
)

// zonePool opens a pool whose sessions' TimeZone is zone, set through the DSN, and checks that
// the server took it.
func zonePool(t *testing.T, zone string) *pgxpool.Pool {
	p := pool(t, testdb.PostgresDSNWith(t, map[string]string{"timezone": zone}))
	var got string
	if err := p.QueryRow(context.Background(), "SHOW TimeZone").Scan(&got); err != nil {
		t.Fatalf("SHOW TimeZone: %v", err)
	}
	if got != zone {
		t.Fatalf("session TimeZone is %q, want %q: the DSN parameter did not take", got, zone)
	}
	return p
}

func TestTimeZones(t *testing.T) {
	zones := [2]string{"Asia/Kathmandu", "America/Los_Angeles"}
	pools := map[string]*pgxpool.Pool{"": pool(t, testdb.PostgresDSN())}
	for _, z := range zones {
		pools[z] = zonePool(t, z)
	}
	b := testdb.ZoneBackend{
		Dialect: dialect.Postgres,
		Zones:   zones,
		Open: func(_ *testing.T, zone string) (testdb.Execer, func(sqlstore.Config) *sqlstore.Store) {
			p := pools[zone]
			return poolExec(p), func(cfg sqlstore.Config) *sqlstore.Store { return pgxstore.NewWithConfig(p, cfg) }
		},
		UTC:    testdb.PostgresZone(t, "UTC"),
		Expiry: testdb.PostgresExpiry,
	}
	t.Run("Recommended", func(t *testing.T) { testdb.TimeSuite(t, b, testdb.TimeSchema{}) })
	t.Run("SCSSchema", func(t *testing.T) { testdb.TimeSuite(t, b, testdb.TimeSchema{DDL: testdb.SCSDDL(t, dialect.Postgres)}) })
}
