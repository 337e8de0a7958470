package testdb

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// Handle is an open connection pool as the backend suites use it: an Execer for their own DDL
// and a constructor of the package's stores on the same pool.
type Handle struct {
	Exec Execer
	New  func(sqlstore.Config) *sqlstore.Store
}

// DBHandle is the Handle on db of a package whose stores newStore makes
// (postgresstore.NewWithConfig, say).
func DBHandle(db *sql.DB, newStore func(*sql.DB, sqlstore.Config) *sqlstore.Store) Handle {
	return Handle{
		Exec: DBExec(db),
		New:  func(cfg sqlstore.Config) *sqlstore.Store { return newStore(db, cfg) },
	}
}

// Backend describes one database reached through one driver, as the backend suites need it.
// A package describes its backend once and calls Run; adding a database or a driver is
// describing it. What a backend leaves nil is a suite it cannot run (SQLite has no network,
// no users and no pooler), and Run logs each one it leaves out.
type Backend struct {
	Dialect dialect.Dialect

	// Open opens a pool as the admin, closed when t ends.
	Open func(t *testing.T) Handle

	// Sizes are the tables and session settings SizeSuite runs on.
	Sizes []SizeCase

	// Times are the session settings TimeSuite runs with, each on the recommended table and
	// on scs's schema.
	Times []TimeCase

	// Faults, when set, runs FaultSuite.
	Faults *Faults

	// Privileges, when set, runs PrivilegeSuite.
	Privileges *Privileges

	// PgBouncer, when set, opens a pool through PgBouncer in transaction pooling mode, whose
	// stores set Config.TransactionPooling, and runs PgBouncerCleanupSuite on it.
	PgBouncer func(t *testing.T) Handle
}

// SizeCase is one run of SizeSuite, or of ServerRefusesData when Alter is set.
type SizeCase struct {
	Name string
	// Open, when set, opens the pool instead of Backend.Open (MySQL: in a given SQL mode).
	Open func(t *testing.T) Handle
	// SCS makes the table with scs's documented DDL (SCSDDL) instead of Schema.DDL.
	SCS    bool
	Schema SizeSchema
	// Alter, when set, runs ServerRefusesData: alter is run on a table the store has already
	// read, and Schema.Limit is the limit the altered table refuses beyond.
	Alter string
}

// TimeCase is one setting of the session (MySQL's SQL mode, say) that TimeSuite runs under.
type TimeCase struct {
	Name string
	// Zones opens the pools of this case (ZoneBackend.Dialect is the Backend's).
	Zones func(t *testing.T) ZoneBackend
	// SCSMaxExpiry is the latest expiry scs's schema holds, when that is before the year 2100
	// (MySQL's TIMESTAMP); zero otherwise.
	SCSMaxExpiry time.Time
}

// Zoned returns the ZoneBackend on a handle per session time zone of zones and one in the
// server's default (""), each opened by open, with utc and expiry to read stored expiries.
func Zoned(t *testing.T, zones [2]string, open func(t *testing.T, zone string) Handle, utc *sql.DB, expiry ExpiryReader) ZoneBackend {
	handles := map[string]Handle{}
	for _, zone := range append(zones[:], "") {
		handles[zone] = open(t, zone)
	}
	return ZoneBackend{
		Zones: zones,
		Open: func(_ *testing.T, zone string) (Execer, func(sqlstore.Config) *sqlstore.Store) {
			return handles[zone].Exec, handles[zone].New
		},
		UTC:    utc,
		Expiry: expiry,
	}
}

// Faults is how FaultSuite reaches the server through a FaultProxy.
type Faults struct {
	// Server returns the server's host:port.
	Server func(t testing.TB) string
	// Via opens a pool whose connections go through addr, closed when t ends.
	Via func(t *testing.T, addr string) Handle
	// LostAnswerIsBadConn: see FaultBackend.LostAnswerIsBadConn.
	LostAnswerIsBadConn bool
	// IdleCheckAfter: see FaultBackend.IdleCheckAfter.
	IdleCheckAfter time.Duration
}

// Privileges is how PrivilegeSuite connects as a user with only SELECT, INSERT, UPDATE and
// DELETE on the tables it is granted.
type Privileges struct {
	// User creates the user (see PostgresUser, MySQLUser).
	User func(t testing.TB) User
	// As opens a pool that connects as user, closed when t ends.
	As func(t *testing.T, user User) Handle
}

// Run runs every backend suite the backend describes: cleanup, secrets, the principal column,
// sizes, times, faults, privileges and PgBouncer. The conformance suite (sqlstore/storetest) is separate: it is
// public and takes any scs.Store.
func Run(t *testing.T, b Backend) {
	d := b.Dialect
	t.Run("Cleanup", func(t *testing.T) {
		h := b.Open(t)
		CleanupSuite(t, d, h.Exec, h.New)
	})
	t.Run("NoTokenInErrorsOrLogs", func(t *testing.T) {
		h := b.Open(t)
		SecretSuite(t, d, h.Exec, h.New)
	})
	t.Run("Principal", func(t *testing.T) {
		h := b.Open(t)
		t.Run("Column", func(t *testing.T) { PrincipalColumnSuite(t, d, h.Exec, h.New) })
		t.Run("Qualified", func(t *testing.T) { PrincipalQualifiedSuite(t, d, h.Exec, h.New) })
	})
	var left []string // suites the backend does not describe
	if !runCases(t, "DataSize", b.Sizes, func(c SizeCase) string { return c.Name }, func(t *testing.T, c SizeCase) { runSizeCase(t, b, c) }) {
		left = append(left, "DataSize")
	}
	if !runCases(t, "TimeZones", b.Times, func(c TimeCase) string { return c.Name }, func(t *testing.T, c TimeCase) { runTimeCase(t, b, c) }) {
		left = append(left, "TimeZones")
	}
	if f := b.Faults; f != nil {
		t.Run("Faults", func(t *testing.T) {
			FaultSuite(t, FaultBackend{
				Dialect: d,
				Server:  f.Server(t),
				Exec:    b.Open(t).Exec,
				Open:    func(t *testing.T, addr string) func(sqlstore.Config) *sqlstore.Store { return f.Via(t, addr).New },

				LostAnswerIsBadConn: f.LostAnswerIsBadConn,
				IdleCheckAfter:      f.IdleCheckAfter,
			})
		})
	} else {
		left = append(left, "Faults")
	}
	if p := b.Privileges; p != nil {
		t.Run("LeastPrivilege", func(t *testing.T) {
			admin, user := b.Open(t), p.User(t)
			PrivilegeSuite(t, d, admin.Exec, admin.New, user, p.As(t, user).New)
		})
	} else {
		left = append(left, "LeastPrivilege")
	}
	if b.PgBouncer != nil {
		t.Run("PgBouncerCleanup", func(t *testing.T) {
			h := b.PgBouncer(t)
			PgBouncerCleanupSuite(t, h.Exec, h.New, Postgres(t))
		})
	} else {
		left = append(left, "PgBouncerCleanup")
	}
	if len(left) > 0 {
		t.Logf("%s: not run, as the backend does not describe them: %s", d.Name, strings.Join(left, ", "))
	}
}

// runCases runs run for each case, in a subtest named name, and reports whether there was one.
func runCases[C any](t *testing.T, name string, cases []C, label func(C) string, run func(*testing.T, C)) bool {
	if len(cases) == 0 {
		return false
	}
	t.Run(name, func(t *testing.T) {
		for _, c := range cases {
			t.Run(label(c), func(t *testing.T) { run(t, c) })
		}
	})
	return true
}

func runSizeCase(t *testing.T, b Backend, c SizeCase) {
	open := c.Open
	if open == nil {
		open = b.Open
	}
	h := open(t)
	schema := c.Schema
	if c.SCS {
		schema.DDL = SCSDDL(t, b.Dialect)
	}
	if c.Alter != "" {
		ServerRefusesData(t, b.Dialect, h.Exec, h.New, c.Alter, schema.Limit)
		return
	}
	SizeSuite(t, b.Dialect, h.Exec, h.New, schema)
}

func runTimeCase(t *testing.T, b Backend, c TimeCase) {
	zb := c.Zones(t)
	zb.Dialect = b.Dialect
	t.Run("Recommended", func(t *testing.T) { TimeSuite(t, zb, TimeSchema{}) })
	t.Run("SCSSchema", func(t *testing.T) {
		TimeSuite(t, zb, TimeSchema{DDL: SCSDDL(t, b.Dialect), MaxExpiry: c.SCSMaxExpiry})
	})
}
