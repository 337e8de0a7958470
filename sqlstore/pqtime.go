package sqlstore

import (
	"time"
	"unsafe"

	"github.com/scsql/scsql/internal/timetext"
)

// lib/pq sends every argument as text, and writes a time.Time with time.Format's general layout
// interpreter. Through lib/pq, FromDB writes the times of a statement's arguments itself, in the
// same text (UTC, nanoseconds, "Z"), which lib/pq sends as it is and the server reads into the
// same instant: a Find through lib/pq executes about 5% fewer client instructions, fewer than
// the hand-written floor's.

// pqTimeLen is the longest text pqTimes writes: "2006-01-02 15:04:05.999999999Z".
const pqTimeLen = len("2006-01-02 15:04:05.999999999Z")

// writeTimes replaces each UTC time.Time in a.list by its text for lib/pq, up to two of them (a
// third is left to lib/pq). A year outside 1 to 9999 is left to lib/pq too, which writes years
// before 1 with " BC" (and, with pq.EnableInfinityTs, times beyond its bounds as infinity, which
// no session expiry is).
func (a *driverArgs) writeTimes() {
	n := 0
	for i, v := range a.list {
		// Only UTC times (the dialect binds every time so): lib/pq writes another zone's offset,
		// which a timestamp column without time zone ignores.
		t, ok := v.(time.Time)
		if !ok || t.Location() != time.UTC {
			continue
		}
		if y := t.Year(); y < 1 || y > 9999 {
			continue
		}
		if n == len(a.text) {
			return
		}
		b, _ := timetext.AppendUTC(a.text[n][:0], t, 9)
		b = append(b, 'Z')
		// A string, not []byte: with binary_parameters=yes (Config.TransactionPooling) lib/pq
		// sends []byte in binary format. The string shares a's bytes, which a's next use
		// overwrites: lib/pq copies them into its message during the call.
		a.list[i] = unsafe.String(&b[0], len(b))
		n++
	}
}
