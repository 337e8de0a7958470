package storetest_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/sqlstore/storetest"
)

// TestReferenceStore runs the suite on refStore, which declares every
// capability, so that the checks memstore cannot take part in (the injected
// clock, Cleanup, contexts, table names) run without a database.
func TestReferenceStore(t *testing.T) {
	db := &database{tables: make(map[string]map[string]row)}
	storetest.Run(t, storetest.Harness{
		New: func(t testing.TB, cfg storetest.Config) scs.Store {
			db.create(cfg.TableName)
			t.Cleanup(func() { db.drop(cfg.TableName) })
			now := cfg.Now
			if now == nil {
				now = time.Now
			}
			return &refStore{db: db, table: cfg.TableName, now: now, principal: cfg.Principal}
		},
		Schema:    "aux",
		Principal: true,
	})
}

// database stands in for a database server: tables of rows by name, shared
// by every store, so that a store that strays from its table is caught.
type database struct {
	mu     sync.Mutex
	tables map[string]map[string]row
}

type row struct {
	data      []byte
	expiry    time.Time
	principal string // "" for none
}

func (db *database) create(table string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tables[table] = make(map[string]row)
}

func (db *database) drop(table string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	delete(db.tables, table)
}

// refStore is the smallest store that does everything the suite checks.
type refStore struct {
	db        *database
	table     string
	now       func() time.Time
	principal func([]byte) (string, bool)
}

var (
	_ scs.CtxStore             = (*refStore)(nil)
	_ scs.IterableStore        = (*refStore)(nil)
	_ scs.IterableCtxStore     = (*refStore)(nil)
	_ storetest.Cleaner        = (*refStore)(nil)
	_ storetest.PrincipalStore = (*refStore)(nil)
)

func (s *refStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *refStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *refStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

func (s *refStore) All() (map[string][]byte, error) {
	return s.AllCtx(context.Background())
}

func (s *refStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	r, ok := s.db.tables[s.table][token]
	if !ok || !s.now().Before(r.expiry) {
		return nil, false, nil
	}
	return bytes.Clone(r.data), true, nil
}

func (s *refStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	r := row{data: bytes.Clone(b), expiry: expiry}
	if s.principal != nil {
		if p, ok := s.principal(b); ok {
			r.principal = p
		}
	}
	s.db.tables[s.table][token] = r
	return nil
}

func (s *refStore) DeleteCtx(ctx context.Context, token string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	delete(s.db.tables[s.table], token)
	return nil
}

func (s *refStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	now := s.now()
	all := make(map[string][]byte)
	for token, r := range s.db.tables[s.table] {
		if now.Before(r.expiry) {
			all[token] = bytes.Clone(r.data)
		}
	}
	return all, nil
}

func (s *refStore) Cleanup(ctx context.Context) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	now := s.now()
	var n int64
	for token, r := range s.db.tables[s.table] {
		if !now.Before(r.expiry) {
			delete(s.db.tables[s.table], token)
			n++
		}
	}
	return n, nil
}

func (s *refStore) ForEachByPrincipal(ctx context.Context, principal string, fn func(token string, data []byte) error) error {
	sessions, err := s.FindByPrincipal(ctx, principal)
	if err != nil {
		return err
	}
	for token, data := range sessions {
		if err := fn(token, data); err != nil {
			return err
		}
	}
	return nil
}

func (s *refStore) FindByPrincipal(ctx context.Context, principal string) (map[string][]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	now := s.now()
	found := make(map[string][]byte)
	for token, r := range s.db.tables[s.table] {
		if principal != "" && r.principal == principal && now.Before(r.expiry) {
			found[token] = bytes.Clone(r.data)
		}
	}
	return found, nil
}

func (s *refStore) DeleteByPrincipal(ctx context.Context, principal string) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	var n int64
	for token, r := range s.db.tables[s.table] {
		if principal != "" && r.principal == principal {
			delete(s.db.tables[s.table], token)
			n++
		}
	}
	return n, nil
}
