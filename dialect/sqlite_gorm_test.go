package dialect_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
)

func TestGoldenSQLiteGORM(t *testing.T) {
	d := dialect.SQLiteGORM
	got := render(t, d)
	path := filepath.Join("..", "testdata", "golden", d.Name+".sql")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dialect -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("statements differ from %s (run go test ./dialect -update and review the diff):\n%s", path, got)
	}
}

func TestSQLiteGORMStatementsAreSQLites(t *testing.T) {
	gorm, _ := dialect.SQLiteGORM.Statements("sessions")
	plain, _ := dialect.SQLite.Statements("sessions")
	if gorm.Find != plain.Find || gorm.Upsert != plain.Upsert || gorm.Delete != plain.Delete ||
		gorm.All != plain.All || gorm.DeleteExpired != plain.DeleteExpired {
		t.Error("sqlite-gorm statements differ from sqlite's; only the table's expiry type and the bound time should")
	}
}

func TestSQLiteGORMBindTime(t *testing.T) {
	east := time.FixedZone("east", 5*3600)
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		// What mattn/go-sqlite3 writes for the same instant in UTC (its SQLiteTimestampFormats[0]).
		{time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), "2030-01-02 03:04:05+00:00"},
		{time.Date(2030, 1, 2, 3, 4, 5, 120000000, time.UTC), "2030-01-02 03:04:05.12+00:00"},
		{time.Date(2030, 1, 2, 3, 4, 5, 123456789, time.UTC), "2030-01-02 03:04:05.123456789+00:00"},
		{time.Date(2030, 1, 2, 8, 4, 5, 1000, east), "2030-01-02 03:04:05.000001+00:00"},
	} {
		if got := dialect.SQLiteGORM.BindTime(tt.at); got != tt.want {
			t.Errorf("BindTime(%v) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

// The text is not fixed-width (trailing zeros of the fraction are trimmed), yet its byte order
// must be time order: that is what SQLite's text comparison and the expiry index use.
func TestSQLiteGORMTextSortsInTimeOrder(t *testing.T) {
	base := time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)
	steps := []time.Duration{0, 1, 9, 10, 100, 999, 1000, 1001, 100000, 120000000, 123000000,
		123456789, 200000000, 999999999, time.Second, time.Second + 1, time.Minute, 24 * time.Hour}
	var times []time.Time
	for _, s := range steps {
		times = append(times, base.Add(s), base.Add(-s))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		times = append(times, base.Add(time.Duration(r.Int64N(int64(3*time.Second)))-time.Second))
		// Whole milliseconds, as scs's and the suite's times often are.
		times = append(times, base.Add(time.Duration(r.IntN(3000))*time.Millisecond))
	}
	texts := make([]string, len(times))
	for i, at := range times {
		texts[i] = dialect.SQLiteGORM.BindTime(at).(string)
	}
	for i := range times {
		for j := i; j < len(times); j++ {
			if got, want := cmp(texts[i], texts[j]), times[i].Compare(times[j]); got != want {
				t.Fatalf("%q vs %q compare as %d, but the times compare as %d", texts[i], texts[j], got, want)
			}
		}
	}
}

// Times whose text would not sort (years past 9999) are outside the column's range, which the
// store refuses to commit.
func TestSQLiteGORMExpiryRange(t *testing.T) {
	s, err := dialect.SQLiteGORM.Statements("sessions")
	if err != nil {
		t.Fatal(err)
	}
	last := time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
	if !s.ExpiryMax.Equal(last) || !s.ExpiryMin.Equal(time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("expiry range %v to %v, want years 0 to 9999", s.ExpiryMin, s.ExpiryMax)
	}
	if a, b := dialect.SQLiteGORM.BindTime(s.ExpiryMin).(string), dialect.SQLiteGORM.BindTime(last).(string); !(a < b) {
		t.Errorf("the range's ends %q and %q do not sort in order", a, b)
	}
}

func cmp(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
