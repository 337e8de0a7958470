package testdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// ZoneBackend is one database as TimeSuite sees it.
type ZoneBackend struct {
	Dialect dialect.Dialect
	// Zones are two session time zones, different from each other and from UTC, as the server's
	// setting names them. Empty for a database without session time zones (SQLite): the suite
	// then varies only the time zones of the times handed to the stores.
	Zones [2]string
	// Open returns, for connections whose session time zone is zone ("" for the default), an
	// Execer and a store constructor. It fails the test if the connections' zone is not zone.
	Open func(t *testing.T, zone string) (Execer, func(sqlstore.Config) *sqlstore.Store)
	// UTC is a handle whose session time zone is UTC, for reading stored expiries as they are.
	UTC *sql.DB
	// Expiry reads a stored expiry through UTC: PostgresExpiry, MySQLExpiry or SQLiteExpiry.
	Expiry ExpiryReader
}

// ExpiryReader reads an expiry as stored, as text in UTC.
type ExpiryReader struct {
	// Query selects the expiry of the session whose token is its one argument from the table
	// that %s stands for (quoted).
	Query string
	// Layout parses the text Query returns.
	Layout string
}

// The ExpiryReaders of the databases the times suite runs on.
var (
	PostgresExpiry = ExpiryReader{"SELECT to_char(expiry AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM %s WHERE token = $1", "2006-01-02 15:04:05.999999"}
	MySQLExpiry    = ExpiryReader{"SELECT CAST(expiry AS CHAR) FROM %s WHERE token = ?", "2006-01-02 15:04:05.999999"}
	SQLiteExpiry   = ExpiryReader{"SELECT strftime('%%Y-%%m-%%d %%H:%%M:%%f', expiry) FROM %s WHERE token = ?", "2006-01-02 15:04:05.999"}
)

// TimeSchema is the table TimeSuite runs on.
type TimeSchema struct {
	// DDL creates the table, "sessions" standing for its name; nil: CreateTable.
	DDL []string
	// MaxExpiry is the latest expiry the table holds, when that is before the year 2100 (MySQL
	// TIMESTAMP: 2038-01-19 03:14:07.999999 UTC); zero otherwise.
	MaxExpiry time.Time
}

// TimeSuite checks that time zones change no answer and that expiries are stored as the
// instants they are: stores on connections in two different session zones, handed times in two
// more Go zones, agree on Find, All and Cleanup at the expiry's very instant, and the stored
// expiry read through a UTC connection is the committed instant. An expiry in the year 2100
// round-trips, or, where the table cannot hold it, fails with ErrExpiryOutOfRange and leaves
// the session as it was. A past expiry is stored and never found.
func TimeSuite(t *testing.T, b ZoneBackend, schema TimeSchema) {
	t.Run("ZonesAgree", func(t *testing.T) { zonesAgree(t, b, schema) })
	t.Run("Year2100", func(t *testing.T) { year2100(t, b, schema) })
	t.Run("PastExpiry", func(t *testing.T) { pastExpiry(t, b, schema) })
}

// Go zones for the times handed to the stores, unrelated to the sessions' zones on purpose.
var (
	zoneEast = time.FixedZone("UTC+05:45", 5*3600+45*60)
	zoneWest = time.FixedZone("UTC-09:30", -(9*3600 + 30*60))
)

// zoneStores makes the table and returns a constructor of stores on it per session zone (0, 1:
// b.Zones; 2: UTC).
func zoneStores(t *testing.T, b ZoneBackend, schema TimeSchema) (table string, at func(zone int, now time.Time) *sqlstore.Store) {
	t.Helper()
	table = fmt.Sprintf("tz_%s_%08x", tableSuffix(t), rand.Uint32())
	var news [3]func(sqlstore.Config) *sqlstore.Store
	var exec Execer
	for i, z := range []string{b.Zones[0], b.Zones[1], ""} {
		exec, news[i] = b.Open(t, z)
	}
	NewStore(t, b.Dialect, exec, news[2], sqlstore.Config{TableName: table}, schema.DDL)
	return table, func(zone int, now time.Time) *sqlstore.Store {
		s := news[zone](sqlstore.Config{TableName: table, Now: func() time.Time { return now }})
		t.Cleanup(func() { s.Close() })
		return s
	}
}

func tableSuffix(t *testing.T) string {
	name := t.Name()
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' {
			name = name[i+1:]
			break
		}
	}
	out := make([]byte, 0, 16)
	for i := 0; i < len(name) && len(out) < 16; i++ {
		if c := name[i] | 0x20; c >= 'a' && c <= 'z' || name[i] >= '0' && name[i] <= '9' {
			out = append(out, c)
		}
	}
	return string(out)
}

func zonesAgree(t *testing.T, b ZoneBackend, schema TimeSchema) {
	table, at := zoneStores(t, b, schema)
	// A summer instant (DST in the northern zones) on the millisecond grid every database keeps.
	e := time.Date(2031, 7, 14, 9, 26, 53, 589_000_000, time.UTC)
	writer := at(0, e.Add(-time.Hour))
	// Two instants an hour apart that a zone with daylight saving time (America/Los_Angeles)
	// writes with the same wall clock, 01:30 on 2 November 2031.
	foldPDT := time.Date(2031, 11, 2, 8, 30, 0, 250_000_000, time.UTC)
	foldPST := foldPDT.Add(time.Hour)
	sessions := map[string]time.Time{
		"tz-at-e":     e,
		"tz-after-e":  e.Add(time.Hour),
		"tz-before-e": e.Add(-time.Millisecond),
		"tz-fold-pdt": foldPDT,
		"tz-fold-pst": foldPST,
	}
	for tok, exp := range sessions {
		if err := writer.Commit(tok, []byte(tok), exp.In(zoneEast)); err != nil {
			t.Fatalf("commit in session zone %q: %v", b.Zones[0], err)
		}
	}
	for tok, exp := range sessions {
		if got := storedExpiry(t, b, table, tok); !got.Equal(exp) {
			t.Errorf("%s: stored expiry read through UTC is %s, want %s", tok, got.Format(time.RFC3339Nano), exp.Format(time.RFC3339Nano))
		}
	}
	zones := []string{b.Zones[0], b.Zones[1], "UTC"}
	for zi := range 3 {
		for _, now := range []time.Time{e.Add(-2 * time.Millisecond), e.Add(-time.Millisecond), e, e.Add(time.Millisecond)} {
			s := at(zi, now.In(zoneWest))
			all, err := s.All()
			if err != nil {
				t.Fatalf("All in session zone %s: %v", zones[zi], err)
			}
			for tok, exp := range sessions {
				live := exp.After(now)
				data, found, err := s.Find(tok)
				switch {
				case err != nil:
					t.Fatalf("Find in session zone %s: %v", zones[zi], err)
				case found != live:
					t.Errorf("session zone %s, clock at expiry%+v: Find of %s found=%v, want %v", zones[zi], now.Sub(e), tok, found, live)
				case found && string(data) != tok:
					t.Errorf("session zone %s: Find of %s returned other data", zones[zi], tok)
				}
				if _, listed := all[tok]; listed != live {
					t.Errorf("session zone %s, clock at expiry%+v: All lists %s=%v, want %v", zones[zi], now.Sub(e), tok, listed, live)
				}
			}
		}
	}
	// Between the two instants of the repeated wall-clock hour, only the later one is live.
	for zi := range 3 {
		s := at(zi, foldPDT.Add(30*time.Minute))
		wantMissing(t, "store in session zone "+zones[zi]+" between the two 01:30s", s, "tz-fold-pdt")
		wantFound(t, "store in session zone "+zones[zi]+" between the two 01:30s", s, "tz-fold-pst", []byte("tz-fold-pst"))
	}
	// A purge from the other zone at the expiry's instant deletes exactly the two sessions no
	// longer live, and a second one nothing.
	purger := at(1, e.In(zoneWest))
	n, err := purger.Cleanup(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("Cleanup in session zone %s at the expiry: %d deleted, %v; want 2", b.Zones[1], n, err)
	}
	if n, err := purger.Cleanup(context.Background()); err != nil || n != 0 {
		t.Fatalf("second Cleanup: %d deleted, %v; want 0", n, err)
	}
	if got := storedExpiry(t, b, table, "tz-after-e"); !got.Equal(e.Add(time.Hour)) {
		t.Errorf("the live session's stored expiry is %s after the purge, want %s", got, e.Add(time.Hour))
	}
	for _, tok := range []string{"tz-at-e", "tz-before-e"} {
		if got := storedExpiry(t, b, table, tok); !got.IsZero() {
			t.Errorf("%s is still stored after the purge", tok)
		}
	}
}

func year2100(t *testing.T, b ZoneBackend, schema TimeSchema) {
	table, at := zoneStores(t, b, schema)
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s := at(0, now)
	before := now.Add(time.Hour)
	if err := s.Commit("y2100", []byte("before"), before); err != nil {
		t.Fatal(err)
	}
	far := time.Date(2100, 3, 1, 12, 30, 45, 123_000_000, time.UTC)
	err := s.Commit("y2100", []byte("after"), far.In(zoneEast))
	if schema.MaxExpiry.IsZero() {
		if err != nil {
			t.Fatalf("Commit with expiry %s: %v", far, err)
		}
		wantFound(t, "store", s, "y2100", []byte("after"))
		wantFound(t, "store a millisecond before the expiry", at(1, far.Add(-time.Millisecond)), "y2100", []byte("after"))
		wantMissing(t, "store at the expiry", at(1, far), "y2100")
		if got := storedExpiry(t, b, table, "y2100"); !got.Equal(far) {
			t.Errorf("stored expiry is %s, want %s", got, far)
		}
		return
	}
	if !errors.Is(err, sqlstore.ErrExpiryOutOfRange) {
		t.Fatalf("Commit with expiry %s past the column's range: %v, want an error wrapping sqlstore.ErrExpiryOutOfRange", far, err)
	}
	if strings.Contains(err.Error(), "y2100") {
		t.Errorf("the error names the token: %v", err)
	}
	if !strings.Contains(err.Error(), "2100-03-01 12:30:45.123") {
		t.Errorf("the error does not name the expiry: %v", err)
	}
	wantFound(t, "store after the refused commit", s, "y2100", []byte("before"))
	if got := storedExpiry(t, b, table, "y2100"); !got.Equal(before) {
		t.Errorf("stored expiry is %s after the refused commit, want the previous %s", got, before)
	}
	// The last instant the column holds is stored as it is, from any session zone; the next
	// microsecond is refused.
	last := schema.MaxExpiry.Truncate(time.Microsecond)
	if err := s.Commit("y2038", []byte("last"), last); err != nil {
		t.Fatalf("Commit with expiry %s, the column's last: %v", last, err)
	}
	if got := storedExpiry(t, b, table, "y2038"); !got.Equal(last) {
		t.Errorf("stored expiry is %s, want %s", got, last)
	}
	if err := s.Commit("y2038", []byte("next"), last.Add(time.Microsecond)); !errors.Is(err, sqlstore.ErrExpiryOutOfRange) {
		t.Errorf("Commit one microsecond past the column's range: %v, want ErrExpiryOutOfRange", err)
	}
	wantFound(t, "store", s, "y2038", []byte("last"))
}

func pastExpiry(t *testing.T, b ZoneBackend, schema TimeSchema) {
	_, at := zoneStores(t, b, schema)
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s := at(0, now.In(zoneWest))
	for i, exp := range []time.Time{now.Add(-time.Millisecond), now.Add(-time.Hour), now} {
		tok := fmt.Sprintf("past-%d", i)
		if err := s.Commit(tok, []byte("past"), exp.In(zoneEast)); err != nil {
			t.Fatalf("Commit with an expiry %v before the clock: %v", now.Sub(exp), err)
		}
		for zi := range 3 {
			wantMissing(t, "store", at(zi, now), tok)
		}
	}
	for zi := range 3 {
		seen := 0
		if err := at(zi, now).ForEach(context.Background(), func(string, []byte) error { seen++; return nil }); err != nil {
			t.Fatal(err)
		}
		if seen != 0 {
			t.Errorf("ForEach visited %d sessions, all of them expired", seen)
		}
		if all, err := at(zi, now).All(); err != nil || len(all) != 0 {
			t.Errorf("All listed %d expired sessions (%v)", len(all), err)
		}
	}
	// They are stored nonetheless: a clock before their expiry finds them.
	wantFound(t, "store with an earlier clock", at(1, now.Add(-2*time.Hour)), "past-1", []byte("past"))
}

// storedExpiry reads token's expiry as stored, through a UTC session, or the zero time if no row
// has token.
func storedExpiry(t *testing.T, b ZoneBackend, table, token string) time.Time {
	t.Helper()
	quoted, err := b.Dialect.QuoteTable(table)
	if err != nil {
		t.Fatal(err)
	}
	if b.Expiry.Query == "" {
		t.Fatal("ZoneBackend.Expiry is not set: name the database's ExpiryReader (PostgresExpiry, MySQLExpiry, SQLiteExpiry)")
	}
	q, layout := fmt.Sprintf(b.Expiry.Query, quoted), b.Expiry.Layout
	var text string
	switch err := b.UTC.QueryRow(q, token).Scan(&text); {
	case errors.Is(err, sql.ErrNoRows):
		return time.Time{}
	case err != nil:
		t.Fatalf("%s: %v", q, err)
	}
	got, err := time.Parse(layout, text)
	if err != nil {
		t.Fatalf("stored expiry %q: %v", text, err)
	}
	return got
}
