package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/modernc"
	"github.com/scsql/scsql/sqlstore"
)

// rawPrincipal is a Config.Principal that takes the whole data as the principal, so that a test
// can commit any principal.
func rawPrincipal(data []byte) (string, bool) { return string(data), len(data) > 0 }

func principalStore(t *testing.T, table string, principal func([]byte) (string, bool)) *sqlstore.Store {
	t.Helper()
	db := modernc.Open(t)
	return testdb.NewStore(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlstore.NewDB(db, dialect.SQLite, cfg)
	}, sqlstore.Config{TableName: table, Principal: principal}, nil)
}

func TestInvalidPrincipal(t *testing.T) {
	s := principalStore(t, "invalid_principal", rawPrincipal)
	ctx := context.Background()
	token, expiry := strings.Repeat("t", 43), time.Now().Add(time.Hour)
	if err := s.Commit(token, []byte("alice"), expiry); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, principal, reason string }{
		{"Long", strings.Repeat("é", 128), "principal is 256 bytes, more than 255"},
		{"InvalidUTF8", "alice\xff", "principal (6 bytes) is not valid UTF-8"},
		{"NUL", "ali\x00ce", "principal (6 bytes) holds a NUL byte"},
	} {
		err := s.Commit(token, []byte(tc.principal), expiry)
		if !errors.Is(err, sqlstore.ErrInvalidPrincipal) || !strings.HasSuffix(err.Error(), ": "+tc.reason) {
			t.Errorf("Commit of a principal (%s): %v, want an error wrapping ErrInvalidPrincipal ending in %q", tc.name, err, tc.reason)
		}
		if data, found, err := s.Find(token); err != nil || !found || string(data) != "alice" {
			t.Errorf("after the refused Commit (%s), Find = %q, %t, %v; want the previous data", tc.name, data, found, err)
		}
		// No session can have such a principal: nothing to find or delete, and no error.
		if got, err := s.FindByPrincipal(ctx, tc.principal); err != nil || len(got) != 0 {
			t.Errorf("FindByPrincipal of a principal (%s) Commit refuses: %d sessions, %v; want none, no error", tc.name, len(got), err)
		}
		if n, err := s.DeleteByPrincipal(ctx, tc.principal); err != nil || n != 0 {
			t.Errorf("DeleteByPrincipal of a principal (%s) Commit refuses: %d, %v; want 0, no error", tc.name, n, err)
		}
	}
	if got, err := s.FindByPrincipal(ctx, "alice"); err != nil || len(got) != 1 {
		t.Errorf("FindByPrincipal of the session's principal after refused Commits: %d sessions, %v; want 1", len(got), err)
	}
}

func TestPrincipalDecodeFailureCommits(t *testing.T) {
	// Data GobPrincipal cannot decode is stored, without a principal.
	s := principalStore(t, "undecodable_principal", sqlstore.GobPrincipal("user"))
	token := strings.Repeat("u", 43)
	if err := s.Commit(token, []byte("not gob"), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("Commit of data GobPrincipal cannot decode: %v, want no error", err)
	}
	if data, found, err := s.Find(token); err != nil || !found || string(data) != "not gob" {
		t.Errorf("Find = %q, %t, %v; want the data committed", data, found, err)
	}
}

func TestPrincipalNotSet(t *testing.T) {
	s := principalStore(t, "no_principal", nil)
	ctx := context.Background()
	_, err := s.FindByPrincipal(ctx, "alice")
	wantIs(t, err, sqlstore.ErrPrincipalNotSet, "FindByPrincipal without Config.Principal")
	err = s.ForEachByPrincipal(ctx, "alice", func(string, []byte) error { return nil })
	wantIs(t, err, sqlstore.ErrPrincipalNotSet, "ForEachByPrincipal without Config.Principal")
	_, err = s.DeleteByPrincipal(ctx, "alice")
	wantIs(t, err, sqlstore.ErrPrincipalNotSet, "DeleteByPrincipal without Config.Principal")
}

func TestPrincipalTableNameTooLong(t *testing.T) {
	db := modernc.Open(t)
	// Long enough for the expiry index's name, too long for the principal index's.
	table := strings.Repeat("t", 128-len(dialect.ExpiryIndexSuffix))
	sqlstore.NewDB(db, dialect.SQLite, sqlstore.Config{TableName: table}).Close()
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, dialect.ErrInvalidTableName) || !strings.Contains(err.Error(), dialect.PrincipalIndexSuffix) {
			t.Errorf("New with Config.Principal and a table whose principal index name is too long panicked with %v, want ErrInvalidTableName naming the index", err)
		}
	}()
	sqlstore.NewDB(db, dialect.SQLite, sqlstore.Config{TableName: table, Principal: rawPrincipal}).Close()
}

func wantIs(t *testing.T, err, target error, op string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: %v, want an error wrapping %v", op, err, target)
	}
}
