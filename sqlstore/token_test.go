//go:build cgo

// These tests run on SQLite through mattn/go-sqlite3, which needs cgo; the scripted-executor
// tests (fake_test.go) need neither cgo nor a server.

package sqlstore_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/modernc"
	"github.com/scsql/scsql/sqlstore"
)

func TestInvalidTokens(t *testing.T) {
	db := modernc.Open(t)
	s := testdb.NewStore(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlstore.NewDB(db, dialect.SQLite, cfg)
	}, sqlstore.Config{TableName: "token_sessions"}, nil)
	expiry := time.Now().Add(time.Hour)

	longest := strings.Repeat("a", sqlstore.MaxTokenLength)
	if err := s.Commit(longest, []byte("x"), expiry); err != nil {
		t.Errorf("Commit of a token of MaxTokenLength bytes: %v", err)
	}
	if err := s.Commit("!~", []byte("x"), expiry); err != nil {
		t.Errorf("Commit of a token of the first and last printable ASCII bytes: %v", err)
	}

	for _, tc := range []struct{ name, token, reason string }{
		{"Empty", "", "token is empty"},
		{"Long", longest + "a", "token is 256 bytes, more than 255"},
		{"Space", "a b", "token byte 1 is not printable ASCII"},
		{"Control", "ab\n", "token byte 2 is not printable ASCII"},
		{"NonASCII", "é", "token byte 0 is not printable ASCII"},
		{"InvalidUTF8", "\xff", "token byte 0 is not printable ASCII"},
	} {
		err := s.Commit(tc.token, []byte("x"), expiry)
		if !errors.Is(err, sqlstore.ErrInvalidToken) || !strings.HasSuffix(err.Error(), ": "+tc.reason) {
			t.Errorf("Commit of a token (%s): %v, want an error wrapping ErrInvalidToken ending in %q", tc.name, err, tc.reason)
		}
		if _, found, err := s.Find(tc.token); found || err != nil {
			t.Errorf("Find of a token (%s): found %t, error %v; want not found, no error", tc.name, found, err)
		}
		if err := s.Delete(tc.token); err != nil {
			t.Errorf("Delete of a token (%s): %v, want nil", tc.name, err)
		}
	}
}
