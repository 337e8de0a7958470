package sqlstore_test

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/sqlstore"
)

// Types an application defines for its user IDs and registers with gob, as scs requires of
// any value it stores that is not one of gob's basic types.
type (
	userID   int64
	userName string
	userFlag bool
)

func init() {
	gob.Register(userID(0))
	gob.Register(userName(""))
	gob.Register(userFlag(false))
}

// gobSession encodes values as scs's SessionManager does with its default codec.
func gobSession(t testing.TB, values map[string]any) []byte {
	t.Helper()
	b, err := scs.GobCodec{}.Encode(time.Now().Add(time.Hour).UTC(), values)
	if err != nil {
		t.Fatalf("scs.GobCodec.Encode: %v", err)
	}
	return b
}

func TestGobPrincipal(t *testing.T) {
	for _, tc := range []struct {
		name   string
		value  any
		want   string
		wantOK bool
	}{
		{"string", "alice@example.com", "alice@example.com", true},
		{"string kept as it is", " Alicé ", " Alicé ", true},
		{"int", int(-42), "-42", true},
		{"int8", int8(math.MinInt8), "-128", true},
		{"int16", int16(math.MaxInt16), "32767", true},
		{"int32", int32(math.MinInt32), "-2147483648", true},
		{"int64", int64(math.MinInt64), "-9223372036854775808", true},
		{"uint", uint(7), "7", true},
		{"uint8", uint8(math.MaxUint8), "255", true},
		{"uint16", uint16(math.MaxUint16), "65535", true},
		{"uint32", uint32(math.MaxUint32), "4294967295", true},
		{"uint64", uint64(math.MaxUint64), "18446744073709551615", true},
		{"uintptr", uintptr(12345), "12345", true},
		{"type defined on int64", userID(1001), "1001", true},
		{"type defined on string", userName("bob"), "bob", true},
		{"empty string", "", "", false},
		{"bool", true, "", false},
		{"type defined on bool", userFlag(true), "", false},
		{"float64", 1.5, "", false},
		{"bytes", []byte("alice"), "", false},
		{"strings", []string{"alice"}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := gobSession(t, map[string]any{"userID": tc.value, "other": "value"})
			got, ok := sqlstore.GobPrincipal("userID")(data)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("GobPrincipal of %T %v = (%q, %t), want (%q, %t)", tc.value, tc.value, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestGobPrincipalMissingKey(t *testing.T) {
	for name, values := range map[string]map[string]any{
		"other keys": {"message": "hello"},
		"no values":  {},
		"nil map":    nil,
	} {
		got, ok := sqlstore.GobPrincipal("userID")(gobSession(t, values))
		if got != "" || ok {
			t.Errorf("%s: GobPrincipal = (%q, %t), want (\"\", false)", name, got, ok)
		}
	}
}

func TestGobPrincipalLargeSession(t *testing.T) {
	data := sessionOfSize(t, 16<<10)
	if len(data) < 16<<10 {
		t.Fatalf("session is %d bytes, want at least 16 KiB", len(data))
	}
	got, ok := sqlstore.GobPrincipal("userID")(data)
	if got != "alice@example.com" || !ok {
		t.Errorf("GobPrincipal of a %d-byte session = (%q, %t), want (%q, true)", len(data), got, ok, "alice@example.com")
	}
}

// jsonCodec is a codec other than scs's default, as applications plug in.
type jsonCodec struct{}

func (jsonCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	return json.Marshal(struct {
		Deadline time.Time
		Values   map[string]any
	}{deadline, values})
}

func (jsonCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	var v struct {
		Deadline time.Time
		Values   map[string]any
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	err := d.Decode(&v)
	return v.Deadline, v.Values, err
}

func TestPrincipalFromCodec(t *testing.T) {
	data, err := jsonCodec{}.Encode(time.Now(), map[string]any{"user": "carol"})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := sqlstore.PrincipalFromCodec(jsonCodec{}, "user")(data); got != "carol" || !ok {
		t.Errorf("PrincipalFromCodec(json) = (%q, %t), want (%q, true)", got, ok, "carol")
	}
	// A JSON number decodes as json.Number, a string type: its digits are the principal.
	data, err = jsonCodec{}.Encode(time.Now(), map[string]any{"user": 12345678901234567})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := sqlstore.PrincipalFromCodec(jsonCodec{}, "user")(data); got != "12345678901234567" || !ok {
		t.Errorf("PrincipalFromCodec(json) of a number = (%q, %t), want (%q, true)", got, ok, "12345678901234567")
	}
}

// TestPrincipalDecodeFailures checks that data the codec cannot decode gives no principal, and
// that the failures are logged, counted, at each power of two, without the data. It replaces
// slog's default logger, so it does not run in parallel.
func TestPrincipalDecodeFailures(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })

	principal := sqlstore.GobPrincipal("userID")
	const secret = "do-not-log-this-session-value"
	good := gobSession(t, map[string]any{"userID": "alice", "csrf": secret})
	inputs := [][]byte{
		nil,
		{},
		[]byte("not gob at all " + secret),
		good[:len(good)/2], // cut short
		[]byte(`{"Values":{"userID":"alice"}}`),
	}
	for i := range 8 {
		got, ok := principal(inputs[i%len(inputs)])
		if got != "" || ok {
			t.Errorf("undecodable input %d: GobPrincipal = (%q, %t), want (\"\", false)", i%len(inputs), got, ok)
		}
	}
	if got, ok := principal(good); got != "alice" || !ok {
		t.Errorf("after failures, GobPrincipal of good data = (%q, %t), want (\"alice\", true)", got, ok)
	}

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var counts []string
	for _, line := range lines {
		if !strings.Contains(line, "level=WARN") || !strings.Contains(line, "cannot decode session data") {
			t.Errorf("unexpected log line: %s", line)
		}
		if strings.Contains(line, secret) {
			t.Errorf("a log line holds session data: %s", line)
		}
		_, after, _ := strings.Cut(line, "failures=")
		count, _, _ := strings.Cut(after, " ")
		counts = append(counts, count)
	}
	if want := []string{"1", "2", "4", "8"}; fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("8 failures logged the counts %v, want %v; log:\n%s", counts, want, logs.String())
	}
}

// sessionOfSize returns a gob-encoded session of at least size bytes, shaped like a real one:
// a user ID and many small values (flash messages, form state, a cart), not one big blob.
func sessionOfSize(t testing.TB, size int) []byte {
	t.Helper()
	values := map[string]any{"userID": "alice@example.com", "csrf": strings.Repeat("c", 43)}
	for i := 0; ; i++ {
		data := gobSession(t, values)
		if len(data) >= size {
			return data
		}
		values[fmt.Sprintf("key%04d", i)] = strings.Repeat("v", 48)
	}
}

// BenchmarkGobPrincipal measures GobPrincipal on sessions of basic values, which it reads
// without decoding them, and on sessions that also hold a slice (/gob), which gob decodes.
func BenchmarkGobPrincipal(b *testing.B) {
	for _, size := range []struct {
		name  string
		bytes int
		slice bool
	}{{"512B", 512, false}, {"16KiB", 16 << 10, false}, {"512B/gob", 512, true}, {"16KiB/gob", 16 << 10, true}} {
		b.Run(size.name, func(b *testing.B) {
			data := sessionOfSize(b, size.bytes)
			if size.slice {
				_, values, err := scs.GobCodec{}.Decode(data)
				if err != nil {
					b.Fatal(err)
				}
				values["cart"] = []int{1, 2, 3}
				data = gobSession(b, values)
			}
			principal := sqlstore.GobPrincipal("userID")
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := principal(data); !ok {
					b.Fatal("no principal")
				}
			}
		})
	}
}
