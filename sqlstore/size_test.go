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
	"github.com/scsql/scsql/internal/testdb/modernc"
	"github.com/scsql/scsql/sqlstore"
)

// Config.MaxDataSize is enforced before any I/O: on a closed database handle, too-large data
// gets ErrDataTooLarge, while data within the limit reaches the handle and its error.
func TestMaxDataSizeBeforeIO(t *testing.T) {
	db := modernc.Open(t)
	s := sqlstore.NewDB(db, dialect.SQLite, sqlstore.Config{MaxDataSize: 10})
	defer s.Close()
	db.Close()
	const token = "max-data-size-token"
	err := s.Commit(token, make([]byte, 11), time.Now().Add(time.Hour))
	if !errors.Is(err, sqlstore.ErrDataTooLarge) {
		t.Fatalf("Commit of 11 bytes with MaxDataSize 10: %v, want ErrDataTooLarge", err)
	}
	if msg := err.Error(); strings.Contains(msg, token) || !strings.Contains(msg, "11 bytes") || !strings.Contains(msg, "MaxDataSize (10)") {
		t.Errorf("error message %q: want the sizes and the limit's name, and no token", msg)
	}
	if err := s.Commit(token, make([]byte, 10), time.Now().Add(time.Hour)); err == nil || errors.Is(err, sqlstore.ErrDataTooLarge) {
		t.Errorf("Commit of 10 bytes with MaxDataSize 10 on a closed handle: %v, want the handle's error", err)
	}
}
