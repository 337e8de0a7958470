package sqlstore

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/scsql/scsql/dialect"
)

// plan is the one place a Store's statements come from. New builds the statements of the
// recommended table, from the dialect and the table name. A dialect whose statements depend on
// the table's columns (dialect.Statements.Probe: MySQL's TIMESTAMP or DATETIME expiry, how much
// the data column holds) has them replaced, once, by those that fit the table as a probe finds
// it; from then on they are fixed. Every operation takes its statements from Store.statements,
// so none can run the unprobed form of a statement that the probe would change.
type plan struct {
	// served is the dialect that serves the store's server, with the statements it builds
	// for the table before any probe: set by New, or on the first operation for a dialect
	// with Variants (see serve in server.go). Only statements and serve read its statements.
	served atomic.Pointer[served]
	// probed, once set, are the statements that fit the table; never changed after.
	probed atomic.Pointer[dialect.Statements]
	// probing lets one probe run at a time, so that the table is probed once however many
	// first operations start together; a one-slot channel rather than a mutex, so that a
	// caller waiting for another's probe still returns when its context ends.
	probing chan struct{}
}

// newPlan returns the plan of a store of d whose statements New built as st.
func newPlan(d dialect.Dialect, st dialect.Statements) *plan {
	p := &plan{probing: make(chan struct{}, 1)}
	if len(d.Variants) == 0 {
		p.served.Store(&served{dialect: d, stmts: st})
	}
	return p
}

// statements returns the statements that fit the store's table, from the dialect that serves
// the store's server (serve). Without a probe they are the ones that dialect builds. With one,
// the first call probes the table (one catalog query) and every later call gets that answer
// without I/O. Until the table exists the probe finds nothing, the
// recommended table's statements serve (they create and fill that table), and the next call
// probes again.
func (s *Store) statements(ctx context.Context) (*dialect.Statements, error) {
	p := s.plan
	sv, err := s.serve(ctx)
	if err != nil {
		return nil, err
	}
	if sv.stmts.Probe == "" {
		return &sv.stmts, nil
	}
	if st := p.probed.Load(); st != nil {
		return st, nil
	}
	select {
	case p.probing <- struct{}{}:
		defer func() { <-p.probing }()
	case <-ctx.Done():
		return nil, fmt.Errorf("inspect table %s: %w", s.table, ctx.Err())
	}
	if st := p.probed.Load(); st != nil {
		return st, nil // another call probed while this one waited
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
		// New validated the dialect and the name; this cannot fail.
		return nil, fmt.Errorf("inspect table %s: %w", s.table, err)
	}
	p.probed.Store(&st)
	return &st, nil
}
