package testdb

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// SizeSchema is the table SizeSuite runs on.
type SizeSchema struct {
	// DDL creates the table, "sessions" standing for its name; nil: CreateTable.
	DDL []string
	// Limit, when positive, is a size of data the database refuses to store whole: the data
	// column's capacity (MySQL BLOB: 65535), or a limit of the connection (SQLite's
	// SQLITE_LIMIT_LENGTH). Zero: the suite checks only Config.MaxDataSize.
	Limit int
	// Exact says data of exactly Limit bytes is stored: Limit is the column's capacity, not a
	// limit on a whole row.
	Exact bool
	// TokenLimit, when positive, is the most characters the token column holds, when that is
	// less than sqlstore.MaxTokenLength (scs's MySQL CHAR(43)).
	TokenLimit int
}

// SizeSuite checks that data too large for the table, or for Config.MaxDataSize, is refused
// with an error wrapping sqlstore.ErrDataTooLarge that names sizes and never the token, and
// that the session keeps its previous data and expiry: nothing is truncated, whatever the
// server's SQL mode. Data at the limit round-trips byte for byte.
func SizeSuite(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store, schema SizeSchema) {
	t.Run("MaxDataSize", func(t *testing.T) {
		const limit = 4096
		sizeCase(t, d, exec, newStore, schema.DDL, limit, limit, true, "Config.MaxDataSize")
	})
	if schema.Limit > 0 {
		t.Run("ColumnLimit", func(t *testing.T) {
			sizeCase(t, d, exec, newStore, schema.DDL, 0, schema.Limit, schema.Exact, "")
		})
	}
	if schema.TokenLimit > 0 {
		t.Run("TokenLimit", func(t *testing.T) { tokenLimit(t, d, exec, newStore, schema) })
	}
}

// tokenLimit checks that a token longer than the token column is refused with ErrInvalidToken,
// not truncated into another session's token.
func tokenLimit(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store, schema SizeSchema) {
	table := fmt.Sprintf("sz_%s_%08x", tableSuffix(t), rand.Uint32())
	s := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table}, schema.DDL)
	short := strings.Repeat("t", schema.TokenLimit)
	long := short + "x"
	if err := s.Commit(short, []byte("short"), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("Commit with a token of %d characters, the column's size: %v", len(short), err)
	}
	err := s.Commit(long, []byte("long"), time.Now().Add(time.Hour))
	if !errors.Is(err, sqlstore.ErrInvalidToken) {
		t.Fatalf("Commit with a token of %d characters, over the column's %d: %v, want ErrInvalidToken", len(long), schema.TokenLimit, err)
	}
	if strings.Contains(err.Error(), short) {
		t.Errorf("the error names the token: %v", err)
	}
	wantFound(t, "store", s, short, []byte("short"))
	wantMissing(t, "store", s, long)
}

// sizeCase commits data of limit+1 bytes over a session and checks it was refused and the
// session left as it was, then data of limit bytes (exact) or a little less, which must
// round-trip.
func sizeCase(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store, ddl []string, maxData, limit int, exact bool, wantInMessage string) {
	table := fmt.Sprintf("sz_%s_%08x", tableSuffix(t), rand.Uint32())
	s := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table, MaxDataSize: maxData}, ddl)
	const token = "size-token-0123456789"
	previous := []byte("previous data")
	expiry := time.Now().Add(time.Hour)
	if err := s.Commit(token, previous, expiry); err != nil {
		t.Fatal(err)
	}
	for _, over := range []int{limit + 1, limit + min(limit, 1<<16) + 7} {
		big := randomBytes(over)
		err := s.Commit(token, big, expiry.Add(1))
		if !errors.Is(err, sqlstore.ErrDataTooLarge) {
			t.Fatalf("Commit of %d bytes, over the limit of %d: %v, want an error wrapping sqlstore.ErrDataTooLarge", over, limit, err)
		}
		msg := err.Error()
		if strings.Contains(msg, token) {
			t.Errorf("the error names the token: %v", err)
		}
		if !strings.Contains(msg, fmt.Sprint(over)) {
			t.Errorf("the error does not give the data's size (%d): %v", over, err)
		}
		if wantInMessage != "" && !strings.Contains(msg, wantInMessage) {
			t.Errorf("the error does not name %s: %v", wantInMessage, err)
		}
		wantFound(t, "store after the refused commit", s, token, previous)
		wantRows(t, s, 1)
	}
	size := limit
	if !exact {
		size = limit - 1024
	}
	fits := randomBytes(size)
	if err := s.Commit(token, fits, expiry); err != nil {
		t.Fatalf("Commit of %d bytes (limit %d): %v", size, limit, err)
	}
	data, found, err := s.Find(token)
	if err != nil || !found || !bytes.Equal(data, fits) {
		t.Fatalf("Find after Commit of %d bytes: %d bytes, found=%v, err=%v; want the data back byte for byte", size, len(data), found, err)
	}
}

// wantRows checks how many live sessions s lists.
func wantRows(t *testing.T, s *sqlstore.Store, n int) {
	t.Helper()
	all, err := s.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != n {
		t.Errorf("All lists %d sessions, want %d", len(all), n)
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	crand.Read(b)
	return b
}

// ServerRefusesData checks the database's own refusal of data too large for the column, which
// the store maps to sqlstore.ErrDataTooLarge: a store that has already read the table's columns
// has its data column shrunk to limit bytes by alter ("sessions" standing for the table), so
// only the server can refuse the next commit of limit+1 bytes. The session must keep its data.
func ServerRefusesData(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store, alter string, limit int) {
	table := fmt.Sprintf("sz_%s_%08x", tableSuffix(t), rand.Uint32())
	s := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table}, nil)
	const token = "size-token-server"
	previous := []byte("previous data")
	if err := s.Commit(token, previous, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	stmt := strings.ReplaceAll(alter, "sessions", table)
	if err := exec(context.Background(), stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	err := s.Commit(token, randomBytes(limit+1), time.Now().Add(time.Hour))
	if !errors.Is(err, sqlstore.ErrDataTooLarge) {
		t.Fatalf("Commit of %d bytes into a column of %d: %v, want an error wrapping sqlstore.ErrDataTooLarge", limit+1, limit, err)
	}
	if strings.Contains(err.Error(), token) {
		t.Errorf("the error names the token: %v", err)
	}
	wantFound(t, "store after the refused commit", s, token, previous)
}
