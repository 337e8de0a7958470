package gormstore_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	scsgormstore "github.com/alexedwards/scs/gormstore"
	"github.com/alexedwards/scs/v2"
	glebarez "github.com/glebarez/sqlite"
	"github.com/go-sql-driver/mysql"
	gormmysql "gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/gormstore"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

// backend is one database reached through GORM, as an application using GORM reaches it.
type backend struct {
	name    string
	dialect dialect.Dialect
	// open returns a *gorm.DB on the test database, closed when the test ends. isolated, when
	// not empty, names a database (MySQL) or schema (PostgreSQL) of its own for stores that
	// hard-code the table "sessions"; SQLite gets a fresh file every time.
	open func(t *testing.T, isolated string) *gorm.DB
	// schema is what a table name may be qualified with on the open database.
	schema string
}

// backends are the servers, then sqliteBackends: GORM's own SQLite driver (mattn/go-sqlite3,
// with cgo only; sqlite_mattn_test.go) and the pure-Go github.com/glebarez/sqlite
// (sqlite_test.go).
var backends = append([]backend{
	{"MariaDB", dialect.MySQL, openMySQL, testdb.Schema},
	{"PostgreSQL", dialect.Postgres, openPostgres, testdb.Schema},
}, sqliteBackends...)

var gormConfig = &gorm.Config{Logger: logger.Discard}

func openGORM(t *testing.T, d gorm.Dialector) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(d, gormConfig)
	if err != nil {
		t.Fatalf("gorm.Open: %v", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB.Close() })
	return db
}

// openMySQL opens GORM on SCSQL_MYSQL_DSN with parseTime=true, which scs's gormstore needs to
// read its rows; the location stays the driver's default, UTC.
func openMySQL(t *testing.T, isolated string) *gorm.DB {
	testdb.MySQL(t) // skips or fails loudly when the server is unreachable; makes testdb.Schema
	cfg, err := mysql.ParseDSN(testdb.MySQLDSN())
	if err != nil {
		t.Fatalf("SCSQL_MYSQL_DSN: %v", err)
	}
	if isolated != "" {
		testdb.MySQLIn(t, isolated) // creates the database
		cfg.DBName = isolated
	}
	cfg.ParseTime = true
	return openGORM(t, gormmysql.Open(cfg.FormatDSN()))
}

// openPostgres opens GORM (pgx) on SCSQL_POSTGRES_DSN.
func openPostgres(t *testing.T, isolated string) *gorm.DB {
	testdb.Postgres(t) // skips or fails loudly when the server is unreachable; makes testdb.Schema
	dsn := testdb.PostgresDSN()
	if isolated != "" {
		testdb.PostgresIn(t, isolated) // creates the schema
		dsn = testdb.PostgresDSNIn(t, isolated)
	}
	return openGORM(t, postgres.Open(dsn))
}

func sqlDB(t testing.TB, db *gorm.DB) *sql.DB {
	t.Helper()
	s, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// harness makes each store with gormstore.NewWithConfig on a fresh table. With onSCSTable the
// table is first created by scs's own gormstore (GORM's AutoMigrate of its session type),
// pointed at the test's table name; otherwise NewWithConfig creates it.
func harness(db *gorm.DB, b backend, onSCSTable bool) storetest.Harness {
	// On scs's table there is no principal column.
	h := storetest.Harness{Schema: b.schema, Principal: !onSCSTable}
	if onSCSTable {
		// GORM names the index idx_<table>_expiry, which a schema-qualified name breaks.
		h.Schema = ""
	}
	h.New = func(t testing.TB, cfg storetest.Config) scs.Store {
		t.Helper()
		if onSCSTable {
			theirs, err := scsgormstore.NewWithCleanupInterval(db.Table(cfg.TableName).Session(&gorm.Session{}), 0)
			if err != nil {
				t.Fatalf("scs gormstore on %s: %v", cfg.TableName, err)
			}
			theirs.StopCleanup() // no goroutine at interval 0; stop anyway, as a user would
		}
		newStore := func(c sqlstore.Config) *sqlstore.Store {
			s, err := gormstore.NewWithConfig(db, c)
			if err != nil {
				t.Fatalf("NewWithConfig: %v", err)
			}
			return s
		}
		// No DDL of the harness's own: the table is scs's, or the one NewWithConfig created.
		return testdb.NewStore(t, b.dialect, testdb.DBExec(sqlDB(t, db)), newStore,
			sqlstore.Config{TableName: cfg.TableName, Now: cfg.Now, Principal: cfg.Principal}, []string{})
	}
	return h
}

func TestConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			storetest.Run(t, harness(b.open(t, ""), b, false))
		})
	}
}

// The suite on tables that scs's gormstore created.
func TestConformanceOnSCSTable(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			storetest.Run(t, harness(b.open(t, ""), b, true))
		})
	}
}

// isolated is the database (MySQL) or schema (PostgreSQL) of the tests that share the table
// "sessions" with scs's gormstore, which hard-codes that name.
const isolated = "scsql_compat_gormstore"

// sharedTable is how our store names scs's table "sessions" in the isolated database or schema.
// Qualified, its cleanup lock is this table's own: the lock is keyed by the name as written, and
// other tests on this server purge tables named "sessions" in other schemas.
func sharedTable(b backend) string {
	if b.dialect.Name == dialect.SQLiteGORM.Name {
		return "sessions"
	}
	return isolated + ".sessions"
}

// scsStore returns scs's own gormstore on the table "sessions" of db, which it creates; the
// table is dropped when the test ends.
func scsStore(t *testing.T, db *gorm.DB) *scsgormstore.GORMStore {
	t.Helper()
	testdb.MustExec(t, sqlDB(t, db), "DROP TABLE IF EXISTS sessions")
	t.Cleanup(func() { testdb.MustExec(t, sqlDB(t, db), "DROP TABLE IF EXISTS sessions") })
	theirs, err := scsgormstore.NewWithCleanupInterval(db, 0)
	if err != nil {
		t.Fatalf("scs gormstore: %v", err)
	}
	t.Cleanup(theirs.StopCleanup)
	return theirs
}

func ourStore(t *testing.T, db *gorm.DB, cfg gormstore.Config) *gormstore.Store {
	t.Helper()
	ours, err := gormstore.NewWithConfig(db, cfg)
	if err != nil {
		t.Fatalf("gormstore: %v", err)
	}
	t.Cleanup(func() {
		if err := ours.Close(); err != nil {
			t.Error(err)
		}
	})
	return ours
}

// scs's gormstore creates the table "sessions"; ours opens it and the two share it.
func TestSharesTableWithSCS(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t, isolated)
			theirs := scsStore(t, db)
			ours := ourStore(t, db, gormstore.Config{TableName: sharedTable(b)})
			wantIndexes(t, b, db, "idx_sessions_expiry") // ours added none to GORM's table
			testdb.Interop(t, theirs, ours)
		})
	}
}

// Ours creates the table; scs's gormstore, started later (as after a rollback), migrates it
// with GORM's AutoMigrate and the two share it.
func TestSCSOpensOurTable(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t, isolated)
			exec := sqlDB(t, db)
			testdb.MustExec(t, exec, "DROP TABLE IF EXISTS sessions")
			t.Cleanup(func() { testdb.MustExec(t, exec, "DROP TABLE IF EXISTS sessions") })
			ours := ourStore(t, db, gormstore.Config{TableName: sharedTable(b)})
			theirs, err := scsgormstore.NewWithCleanupInterval(db, 0)
			if err != nil {
				t.Fatalf("scs gormstore on our table: %v", err)
			}
			testdb.Interop(t, theirs, ours)
		})
	}
}

// Expiries that scs's gormstore wrote are judged at the exact instant: live just before it,
// expired at it, and purged at it, by our clock.
func TestExpiryBoundaryOnSCSRows(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t, isolated)
			theirs := scsStore(t, db)
			var now time.Time
			ours := ourStore(t, db, gormstore.Config{TableName: sharedTable(b), Now: func() time.Time { return now }})

			base := time.Now().UTC().Add(time.Hour).Truncate(time.Second)
			offsets := []time.Duration{0, time.Millisecond, 120 * time.Millisecond, 123 * time.Millisecond, 999 * time.Millisecond}
			if b.dialect.Name == dialect.SQLiteGORM.Name {
				// SQLite keeps GORM's times to the nanosecond.
				offsets = append(offsets, 1, 1000, 123456789, 999999999)
			}
			for _, off := range offsets {
				expiry := base.Add(off)
				tok := testdb.Token(t)
				if err := theirs.Commit(tok, []byte("theirs"), expiry); err != nil {
					t.Fatal(err)
				}
				now = expiry.Add(-time.Nanosecond)
				if b.dialect.Name != dialect.SQLiteGORM.Name {
					now = expiry.Add(-time.Microsecond) // the servers keep microseconds at most
				}
				if _, found, err := ours.Find(tok); err != nil || !found {
					t.Errorf("expiry +%v: Find just before it = found %v, %v; want found", off, found, err)
				}
				now = expiry
				if _, found, err := ours.Find(tok); err != nil || found {
					t.Errorf("expiry +%v: Find at it = found %v, %v; want not found", off, found, err)
				}
				if n, err := ours.Cleanup(context.Background()); err != nil || n != 1 {
					t.Errorf("expiry +%v: Cleanup at it = %d, %v; want 1 deleted", off, n, err)
				}
			}
		})
	}
}

// On SQLite the expiry is text: ours must write exactly what scs's gormstore (GORM, mattn's
// driver) writes for the same instant, or the two would sort differently.
func TestSQLiteWritesGORMsText(t *testing.T) {
	for _, b := range sqliteBackends {
		t.Run(b.name, func(t *testing.T) { writesGORMsText(t, b.open(t, isolated)) })
	}
}

func writesGORMsText(t *testing.T, db *gorm.DB) {
	theirs := scsStore(t, db)
	ours := ourStore(t, db, gormstore.Config{})
	base := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, off := range []time.Duration{0, 1, 1000, 120 * time.Millisecond, 123456789, 999999999} {
		expiry := base.Add(off)
		a, b := testdb.Token(t), testdb.Token(t)
		if err := theirs.Commit(a, []byte("x"), expiry); err != nil {
			t.Fatal(err)
		}
		if err := ours.Commit(b, []byte("x"), expiry); err != nil {
			t.Fatal(err)
		}
		var got [2]string
		var types [2]string
		for i, tok := range []string{a, b} {
			// || '' keeps the text from being parsed back into a time.Time by the driver.
			err := sqlDB(t, db).QueryRow(`SELECT expiry || '', typeof(expiry) FROM sessions WHERE token = ?`, tok).Scan(&got[i], &types[i])
			if err != nil {
				t.Fatal(err)
			}
		}
		if got[0] != got[1] || types[0] != "text" || types[1] != "text" {
			t.Errorf("expiry %v: scs's gormstore wrote %s %q, ours %s %q; want the same text", expiry, types[0], got[0], types[1], got[1])
		}
	}
}

// An expiry whose text would not sort in time order (a five-digit year) is refused, not stored.
func TestSQLiteRefusesUnsortableExpiry(t *testing.T) {
	db := sqliteBackends[0].open(t, isolated)
	ours := ourStore(t, db, gormstore.Config{})
	err := ours.Commit(testdb.Token(t), []byte("x"), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	if !errors.Is(err, sqlstore.ErrExpiryOutOfRange) {
		t.Errorf("Commit in year 10000: error %v, want sqlstore.ErrExpiryOutOfRange", err)
	}
}

// On GORM's SQLite table the lookups and the purge use the primary key and the expiry index.
func TestSQLiteUsesIndexes(t *testing.T) {
	for _, b := range sqliteBackends {
		t.Run(b.name, func(t *testing.T) { usesIndexes(t, b.open(t, isolated)) })
	}
}

func usesIndexes(t *testing.T, db *gorm.DB) {
	scsStore(t, db)
	stmts, err := dialect.SQLiteGORM.Statements("sessions")
	if err != nil {
		t.Fatal(err)
	}
	now := dialect.SQLiteGORM.BindTime(time.Now())
	for _, tt := range []struct {
		sql  string
		args []any
		want string
	}{
		{stmts.Find, []any{"tok", now}, "USING INDEX sqlite_autoindex_sessions_1 (token=?)"},
		{stmts.All, []any{now}, "USING INDEX idx_sessions_expiry (expiry>?)"},
		{stmts.DeleteExpired, []any{now, 10}, "USING COVERING INDEX idx_sessions_expiry (expiry<?)"},
	} {
		plan := explain(t, sqlDB(t, db), tt.sql, tt.args...)
		if !strings.Contains(plan, tt.want) {
			t.Errorf("%s: plan %q, want it to use %q", tt.sql, plan, tt.want)
		}
	}
}

func explain(t *testing.T, db *sql.DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}

// wantIndexes checks the indexes on the expiry column of the table "sessions".
func wantIndexes(t *testing.T, b backend, db *gorm.DB, want ...string) {
	t.Helper()
	var query string
	switch b.dialect.Name {
	case dialect.MySQL.Name:
		query = `SELECT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'sessions' AND column_name = 'expiry' ORDER BY index_name`
	case dialect.Postgres.Name:
		query = `SELECT indexname FROM pg_indexes WHERE schemaname = CURRENT_SCHEMA() AND tablename = 'sessions' AND indexdef LIKE '%(expiry)' ORDER BY indexname`
	default:
		query = `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' AND sql LIKE '%expiry%' ORDER BY name`
	}
	rows, err := sqlDB(t, db).Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		got = append(got, name)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("expiry indexes %v, want %v", got, want)
	}
}

func TestConstructors(t *testing.T) {
	db := sqliteBackends[0].open(t, "constructors")
	var _ *gormstore.GORMStore = (*gormstore.Store)(nil) // scs's type name still works
	newStores := []func() (*gormstore.Store, error){
		func() (*gormstore.Store, error) { return gormstore.New(db) },
		func() (*gormstore.Store, error) { return gormstore.NewWithCleanupInterval(db, 0) },
		func() (*gormstore.Store, error) {
			return gormstore.NewWithConfig(db, gormstore.Config{TableName: "app_sessions", CleanUpInterval: time.Minute})
		},
	}
	for _, newStore := range newStores {
		s, err := newStore()
		if err != nil {
			t.Fatal(err)
		}
		s.StopCleanup()
		s.StopCleanup()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
	// New created the tables it was missing.
	for _, table := range []string{"sessions", "app_sessions"} {
		if !db.Migrator().HasTable(table) {
			t.Errorf("table %s was not created", table)
		}
	}
}

// renamed is a real dialector under another name, as a database gormstore does not know.
type renamed struct{ gorm.Dialector }

func (renamed) Name() string { return "oracle" }

func TestConstructorErrors(t *testing.T) {
	db := sqliteBackends[0].open(t, "errors")
	if _, err := gormstore.NewWithConfig(db, gormstore.Config{TableName: "bad name"}); !errors.Is(err, dialect.ErrInvalidTableName) {
		t.Errorf("invalid table name: error %v, want dialect.ErrInvalidTableName", err)
	}
	other := openGORM(t, renamed{glebarez.Open(filepath.Join(t.TempDir(), "other.db"))})
	if _, err := gormstore.New(other); !errors.Is(err, gormstore.ErrUnsupportedDialector) || !strings.Contains(err.Error(), `"oracle"`) {
		t.Errorf("unknown dialector: error %v, want gormstore.ErrUnsupportedDialector naming it", err)
	}
	if _, err := gormstore.New(&gorm.DB{Config: &gorm.Config{}}); !errors.Is(err, gormstore.ErrUnsupportedDialector) {
		t.Errorf("no dialector: error %v, want gormstore.ErrUnsupportedDialector", err)
	}
}
