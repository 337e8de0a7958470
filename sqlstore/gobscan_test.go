package sqlstore

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

type scanUserID int64

func init() { gob.Register(scanUserID(0)) }

// scanValues are session values of every kind gobScan meets: principals, values it skips, and
// types of the application's own, which it leaves to gob.
var scanValues = []any{
	"", "alice", " Alicé ", string(bytes.Repeat([]byte("x"), 300)),
	0, 1, -1, 63, 64, -64, -65, 127, 128, 255, 256, math.MaxInt64, math.MinInt64,
	int8(-128), int16(32767), int32(-2147483648), int64(1) << 40,
	uint(0), uint8(255), uint16(65535), uint32(math.MaxUint32), uint64(math.MaxUint64), uintptr(7),
	true, false, 1.5, float32(-2), complex(1, 2), []byte("bytes"), []string{"a", "b"}, []int{1, 2},
	scanUserID(42), nil,
}

// TestGobScan checks gobScan against gob's own decoding on sessions of random values: where it
// knows the answer, it gives principalString's.
func TestGobScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var knownCount int
	const sessions = 5000
	for i := range sessions {
		values := map[string]any{}
		for n := rng.IntN(6); n > 0; n-- {
			values[fmt.Sprint("k", rng.IntN(8))] = scanValues[rng.IntN(len(scanValues))]
		}
		if rng.IntN(4) > 0 {
			values["user"] = scanValues[rng.IntN(len(scanValues))]
		}
		deadline := time.Time{}
		if rng.IntN(2) == 0 {
			deadline = time.Now().Add(time.Duration(rng.Int64N(int64(time.Hour))))
		}
		data, err := scs.GobCodec{}.Encode(deadline, values)
		if err != nil {
			t.Fatal(err)
		}
		_, decoded, err := scs.GobCodec{}.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		want, wantOK := principalString(decoded["user"])
		got, ok, known := gobScan(data, "user")
		if !known {
			if allBasic(values) {
				t.Errorf("session %d: gobScan gave up on a session of basic values only", i)
			}
			continue
		}
		knownCount++
		if got != want || ok != wantOK {
			t.Errorf("session %d (user %T %v): gobScan = %q, %t; gob = %q, %t", i, values["user"], values["user"], got, ok, want, wantOK)
		}
	}
	t.Logf("gobScan knew the answer for %d of %d sessions", knownCount, sessions)
}

// allBasic reports whether every value is of one of gob's predefined types, which gobScan
// must read without gob.
func allBasic(values map[string]any) bool {
	for _, v := range values {
		switch v.(type) {
		case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr,
			float32, float64, complex64, complex128, []byte, string:
		default:
			return false
		}
	}
	return true
}

// FuzzGobScan checks that gobScan never disagrees with gob on data gob decodes, and never fails
// on data it does not.
func FuzzGobScan(f *testing.F) {
	for _, v := range scanValues {
		data, err := scs.GobCodec{}.Encode(time.Now(), map[string]any{"user": v, "other": "x"})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok, known := gobScan(data, "user")
		_, values, err := scs.GobCodec{}.Decode(data)
		if !known || err != nil {
			return
		}
		if want, wantOK := principalString(values["user"]); got != want || ok != wantOK {
			t.Errorf("gobScan = %q, %t; gob = %q, %t", got, ok, want, wantOK)
		}
	})
}
