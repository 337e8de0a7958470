package timetext

import (
	"testing"
	"time"
)

// BenchmarkAppendUTC measures one time written as MySQL's stores bind it: once per Find and
// Commit.
func BenchmarkAppendUTC(b *testing.B) {
	buf := make([]byte, 0, 32)
	t := time.Date(2026, 12, 3, 8, 30, 15, 123_456_789, time.FixedZone("CET", 3600))
	for b.Loop() {
		buf, _ = AppendUTC(buf[:0], t, 6)
	}
}
