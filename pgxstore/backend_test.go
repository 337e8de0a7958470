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

// on is the backend suites' handle on p.
func on(p *pgxpool.Pool) testdb.Handle {
	return testdb.Handle{
		Exec: poolExec(p),
		New:  func(cfg sqlstore.Config) *sqlstore.Store { return pgxstore.NewWithConfig(p, cfg) },
	}
}

// zonePool opens a pool whose sessions are in zone.
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

// suites describes PostgreSQL through a pgx pool to the backend suites.
var suites = testdb.Backend{
	Dialect: dialect.Postgres,
	Open:    func(t *testing.T) testdb.Handle { return on(pool(t, testdb.PostgresDSN())) },
	// BYTEA holds a gigabyte, too much to reach in a test: only Config.MaxDataSize is checked.
	Sizes: []testdb.SizeCase{{Name: "Recommended"}, {Name: "SCSSchema", SCS: true}},
	Times: []testdb.TimeCase{{
		Name: "ServerDefaults",
		Zones: func(t *testing.T) testdb.ZoneBackend {
			zones := [2]string{"Asia/Kathmandu", "America/Los_Angeles"}
			return testdb.Zoned(t, zones, func(t *testing.T, zone string) testdb.Handle {
				if zone == "" {
					return on(pool(t, testdb.PostgresDSN()))
				}
				return on(zonePool(t, zone))
			}, testdb.PostgresZone(t, "UTC"), testdb.PostgresExpiry)
		},
	}},
	Faults: &testdb.Faults{
		Server: testdb.PostgresAddr,
		Via: func(t *testing.T, addr string) testdb.Handle {
			// As many connections as the suite's clients, so that calls on a broken connection
			// are not the only ones running (pgxpool's default is 4 on this machine).
			return on(pool(t, testdb.PostgresDSNVia(t, addr), 16))
		},
	},
	Privileges: &testdb.Privileges{
		User: testdb.PostgresUser,
		As:   func(t *testing.T, user testdb.User) testdb.Handle { return on(pool(t, user.DSN)) },
	},
	PgBouncer: func(t *testing.T) testdb.Handle {
		testdb.CheckPgBouncerPools(t)
		h := on(pgBouncerPool(t))
		return testdb.Handle{Exec: h.Exec, New: func(cfg sqlstore.Config) *sqlstore.Store {
			cfg.TransactionPooling = true
			return h.New(cfg)
		}}
	},
}

// TestBackend runs the backend suites: cleanup, secrets, sizes, time zones, faults, least
// privilege and PgBouncer.
func TestBackend(t *testing.T) { testdb.Run(t, suites) }
