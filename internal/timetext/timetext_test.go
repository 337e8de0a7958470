package timetext

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestAppendUTCIsFormat checks AppendUTC against time.Format over the edges of its layout, in
// several zones, for every number of digits.
func TestAppendUTCIsFormat(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("east", 14*3600), time.FixedZone("west", -(9*3600 + 30*60))}
	instants := []time.Time{
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 2, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(2026, 2, 28, 12, 30, 5, 120_000_000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 500, time.UTC),
	}
	for _, at := range instants {
		for _, z := range zones {
			for digits := 1; digits <= 9; digits++ {
				in := at.In(z)
				got, ok := AppendUTC([]byte("x"), in, digits)
				want := "x" + in.UTC().Format("2006-01-02 15:04:05."+strings.Repeat("9", digits))
				if !ok || string(got) != want {
					t.Errorf("AppendUTC(%v, %d) = %q, %v; want %q", in, digits, got, ok, want)
				}
			}
		}
	}
}

func TestAppendUTCOutOfRange(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if got, ok := AppendUTC(nil, at, 6); ok || len(got) != 0 {
			t.Errorf("AppendUTC(%v) = %q, %v; want nothing, false", at, got, ok)
		}
	}
}

func ExampleAppendUTC() {
	b, _ := AppendUTC(nil, time.Date(2026, 12, 2, 18, 30, 0, 250_000_000, time.FixedZone("CET", 3600)), 6)
	fmt.Println(string(b))
	// Output: 2026-12-02 17:30:00.25
}

// TestAppendUTCRandom compares AppendUTC with Format at instants spread over the layout's whole
// range, and on each side of every leap day's century rule.
func TestAppendUTCRandom(t *testing.T) {
	const minUnix, maxUnix = -62167219200, 253402300799
	rng := rand.New(rand.NewPCG(1, 2))
	instants := []time.Time{
		time.Now(), time.Unix(minUnix, 0), time.Unix(maxUnix, 999_999_999),
		time.Date(0, 2, 29, 12, 0, 0, 0, time.UTC), time.Date(1900, 2, 28, 23, 59, 59, 0, time.UTC),
		time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 2, 29, 0, 0, 0, 1, time.UTC),
		time.Date(2100, 3, 1, 0, 0, 0, 10, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 999_000_000, time.UTC),
	}
	for range 200_000 {
		instants = append(instants, time.Unix(minUnix+rng.Int64N(maxUnix-minUnix+1), rng.Int64N(1e9)))
	}
	for i, at := range instants {
		digits := 1 + i%9
		if i%3 == 0 { // whole microseconds and seconds too, whose zeros are dropped
			at = at.Truncate(time.Duration(pow10[rng.IntN(10)]))
		}
		got, ok := AppendUTC(nil, at, digits)
		want := at.UTC().Format("2006-01-02 15:04:05." + strings.Repeat("9", digits))
		if !ok || string(got) != want {
			t.Fatalf("AppendUTC(%v, %d) = %q, %v; want %q", at, digits, got, ok, want)
		}
	}
}
