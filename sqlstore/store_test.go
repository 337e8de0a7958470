//go:build cgo

// These tests run on SQLite through mattn/go-sqlite3, which needs cgo; the scripted-executor
// tests (fake_test.go) need neither cgo nor a server.

package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/modernc"
	"github.com/scsql/scsql/sqlstore"
)

func TestNewPanicsOnInvalidTableName(t *testing.T) {
	db := modernc.Open(t)
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, dialect.ErrInvalidTableName) {
			t.Fatalf("recovered %v, want an error wrapping dialect.ErrInvalidTableName", err)
		}
	}()
	sqlstore.NewDB(db, dialect.SQLite, sqlstore.Config{TableName: "sessions; DROP TABLE users"})
}

func TestClosedStoreReturnsErrClosed(t *testing.T) {
	db := modernc.Open(t)
	s := testdb.NewStore(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlstore.NewDB(db, dialect.SQLite, cfg)
	}, sqlstore.Config{TableName: "closed_sessions", CleanUpInterval: time.Hour}, nil)
	ctx := context.Background()
	token := testdb.Token(t)
	if err := s.Commit(token, []byte("x"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	s.StopCleanup()
	_, _, findErr := s.Find(token)
	_, _, findCtxErr := s.FindCtx(ctx, token)
	_, allErr := s.All()
	_, allCtxErr := s.AllCtx(ctx)
	_, cleanErr := s.Cleanup(ctx)
	calls := 0
	forEachErr := s.ForEach(ctx, func(string, []byte) error { calls++; return nil })
	if calls != 0 {
		t.Errorf("ForEach after Close called its function %d times", calls)
	}
	for name, err := range map[string]error{
		"Find":        findErr,
		"FindCtx":     findCtxErr,
		"Commit":      s.Commit(token, nil, time.Now()),
		"CommitCtx":   s.CommitCtx(ctx, token, nil, time.Now()),
		"Delete":      s.Delete(token),
		"DeleteCtx":   s.DeleteCtx(ctx, token),
		"All":         allErr,
		"AllCtx":      allCtxErr,
		"ForEach":     forEachErr,
		"Cleanup":     cleanErr,
		"CreateTable": s.CreateTable(ctx),
	} {
		if !errors.Is(err, sqlstore.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}

func TestForEachStopsAtCallbackError(t *testing.T) {
	db := modernc.Open(t)
	s := testdb.NewStore(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlstore.NewDB(db, dialect.SQLite, cfg)
	}, sqlstore.Config{TableName: "foreach_sessions"}, nil)
	for i := range 10 {
		if err := s.Commit(fmt.Sprint("token", i), []byte("x"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("enough")
	calls := 0
	err := s.ForEach(context.Background(), func(string, []byte) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Errorf("ForEach = %v after %d calls, want the callback's error after 3", err, calls)
	}
}

func TestBackgroundCleanupPurgesExpiredRows(t *testing.T) {
	db := modernc.Open(t)
	s := testdb.NewStore(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlstore.NewDB(db, dialect.SQLite, cfg)
	}, sqlstore.Config{TableName: "bg_sessions", CleanUpInterval: 5 * time.Millisecond, CleanUpBatchSize: 7, CleanUpBatchPause: time.Millisecond}, nil)
	for i := range 50 {
		if err := s.Commit(fmt.Sprint("expired", i), []byte("x"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit("live", []byte("x"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM bg_sessions`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d rows left; want only the live one", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, found, err := s.Find("live"); !found || err != nil {
		t.Errorf("live session: found %v, %v", found, err)
	}
}
