package dialect

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestMySQLTimeIsFormat checks mysqlTime and appendMySQLTime against time.Format over the edges
// of its layout (years, zero and trailing-zero fractions, zones) and random instants.
func TestMySQLTimeIsFormat(t *testing.T) {
	east, west := time.FixedZone("east", 5*3600+1800), time.FixedZone("west", -11*3600)
	times := []time.Time{
		{},
		time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2030, 1, 2, 8, 4, 5, 123456789, east),
		time.Date(2030, 1, 2, 8, 4, 5, 100000000, west),
		time.Date(2030, 1, 2, 8, 4, 5, 999, time.UTC), // below a microsecond: no fraction
		time.Date(2038, 1, 19, 3, 14, 7, 999999999, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, west), // year 10000 in UTC
		time.Date(-1, 6, 1, 0, 0, 0, 0, time.UTC),
		time.Date(12345, 6, 1, 0, 0, 0, 0, time.UTC),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		times = append(times, time.Unix(r.Int64N(300e9)-62e9, r.Int64N(1e9)).In(east))
		times = append(times, time.Unix(r.Int64N(4e9), r.Int64N(1000)*1000))
	}
	for _, at := range times {
		if got, want := mysqlTime(at), at.UTC().Format(mysqlTimeLayout); got != want {
			t.Fatalf("mysqlTime(%v) = %q, want %q", at, got, want)
		}
		if got, want := string(appendMySQLTime([]byte("x"), at)), "x"+at.UTC().Format(mysqlTimeLayout); got != want {
			t.Fatalf("appendMySQLTime(x, %v) = %q, want %q", at, got, want)
		}
	}
}
