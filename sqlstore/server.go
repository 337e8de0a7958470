package sqlstore

import (
	"context"
	"fmt"

	"github.com/scsql/scsql/dialect"
)

// served is the dialect that serves the store's server and its statements for the store's
// table as New would build them (before any probe of the table's columns).
type served struct {
	dialect dialect.Dialect
	stmts   dialect.Statements
}

// serve returns the dialect that serves the store's server. A dialect with Variants (MySQL's:
// TiDB) asks the server what it is, with SQL.Version, on the store's first operation, once:
// the first variant whose Server the answer names serves from then on, and the dialect New was
// given otherwise. A dialect without Variants serves as given, with no I/O.
func (s *Store) serve(ctx context.Context) (*served, error) {
	if sv := s.plan.served.Load(); sv != nil {
		return sv, nil
	}
	var version string
	found, err := s.exec.QueryRow(ctx, s.dialect.SQL.Version, nil, &version)
	if err != nil {
		return nil, fmt.Errorf("ask the server its version: %w", err)
	}
	d := s.dialect
	if found {
		d = d.ForServer(version)
	}
	st, err := d.Statements(s.table)
	if err != nil {
		return nil, fmt.Errorf("%s dialect for server %q: %w", d.Name, version, err)
	}
	// Concurrent first operations may each ask; they get the same answer.
	s.plan.served.CompareAndSwap(nil, &served{dialect: d, stmts: st})
	return s.plan.served.Load(), nil
}

// d returns the dialect that serves the store's server once serve has found it, and the one
// New was given before.
func (s *Store) d() *dialect.Dialect {
	if sv := s.plan.served.Load(); sv != nil {
		return &sv.dialect
	}
	return &s.dialect
}
