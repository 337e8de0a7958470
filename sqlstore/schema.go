package sqlstore

import (
	"context"
	"fmt"

	"github.com/scsql/scsql/dialect"
)

// statements returns the statements that fit the store's table. For most dialects they are
// the ones built at construction. A dialect whose statements depend on the table's columns
// (MySQL: a TIMESTAMP or DATETIME expiry, how much the data column holds) has them probed on
// the store's first operation: one catalog query, once per store. Until the table exists the
// probe finds nothing, the recommended table's statements serve, and the next operation
// probes again. Concurrent first operations may each probe; they find the same answer.
func (s *Store) statements(ctx context.Context) (*dialect.Statements, error) {
	sv, err := s.serve(ctx)
	if err != nil {
		return nil, err
	}
	if sv.stmts.Probe == "" {
		return &sv.stmts, nil
	}
	if st := s.probed.Load(); st != nil {
		return st, nil
	}
	var (
		cols         dialect.Columns
		found        bool
		column, kind string
		maxBytes     int64
	)
	err = s.exec.Query(ctx, sv.stmts.Probe, nil, func(scan func(...any) error) error {
		if err := scan(&column, &kind, &maxBytes); err != nil {
			return err
		}
		cols.Add(column, kind, maxBytes)
		found = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inspect table %s: %w", s.table, err)
	}
	if !found {
		return &sv.stmts, nil
	}
	st, err := sv.dialect.StatementsFor(s.table, cols)
	if err != nil {
		// New validated the name with the same dialect; this cannot fail.
		return nil, fmt.Errorf("inspect table %s: %w", s.table, err)
	}
	s.probed.CompareAndSwap(nil, &st)
	return s.probed.Load(), nil
}

// current returns the statements statements last settled on, without I/O.
func (s *Store) current() *dialect.Statements {
	if st := s.probed.Load(); st != nil {
		return st
	}
	if sv := s.served.Load(); sv != nil {
		return &sv.stmts
	}
	return &s.stmts
}
