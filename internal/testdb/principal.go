package testdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// PrincipalColumnSuite checks a store with Config.Principal on tables without a principal
// column, the recommended one and scs's: every operation fails with an error that names the
// column and the statements that add it, and writes nothing; once those statements (the
// documented ALTER TABLE, run for real) have added it, the same store works without being made
// again.
func PrincipalColumnSuite(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	for _, c := range []struct {
		name string
		ddl  func(t *testing.T) []string
	}{
		{"Recommended", func(*testing.T) []string { return nil }},
		{"SCSSchema", func(t *testing.T) []string { return SCSDDL(t, d) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "SCSSchema" && !HasSCSDDL(d) {
				t.Skipf("testdata/scs has no schema of scs's for dialect %q", d.Name)
			}
			table := fmt.Sprintf("principal_%s_%08x", strings.ToLower(c.name), rand.Uint32())
			plain := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table}, c.ddl(t))
			s := newStore(sqlstore.Config{TableName: table, Principal: sqlstore.GobPrincipal("user")})
			t.Cleanup(func() { s.Close() })
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			token := strings.Repeat("p", 43)
			data := gobData(t, map[string]any{"user": "alice"})
			expiry := time.Now().Add(time.Hour)
			// The statements come from the error, as a user would take them: they are the
			// served dialect's (TiDB's differ from MySQL's).
			err := s.CommitCtx(ctx, token, data, expiry)
			add := wantNoColumn(t, err, "Commit")
			_, err = s.FindByPrincipal(ctx, "alice")
			wantNoColumn(t, err, "FindByPrincipal")
			_, err = s.DeleteByPrincipal(ctx, "alice")
			wantNoColumn(t, err, "DeleteByPrincipal")
			_, _, err = s.FindCtx(ctx, token)
			wantNoColumn(t, err, "Find")
			if all, err := plain.AllCtx(ctx); err != nil || len(all) != 0 {
				t.Fatalf("after the failed Commit, the table holds %d sessions (error %v), want none", len(all), err)
			}

			if len(add) == 0 {
				t.FailNow()
			}
			for _, stmt := range add {
				if err := exec(ctx, stmt); err != nil {
					t.Fatalf("the statement the error gives, %s: %v", stmt, err)
				}
			}
			if err := s.CommitCtx(ctx, token, data, expiry); err != nil {
				t.Fatalf("Commit after adding the column: %v", err)
			}
			got, err := s.FindByPrincipal(ctx, "alice")
			if err != nil || len(got) != 1 {
				t.Fatalf("FindByPrincipal after adding the column: %d sessions, error %v; want 1", len(got), err)
			}
			if n, err := s.DeleteByPrincipal(ctx, "alice"); err != nil || n != 1 {
				t.Fatalf("DeleteByPrincipal after adding the column: %d deleted, error %v; want 1", n, err)
			}
		})
	}
}

// PrincipalQualifiedSuite checks a store with Config.Principal on a schema-qualified table
// that CreateTable made: the probe finds the column in that schema, not in the default one.
func PrincipalQualifiedSuite(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	table := fmt.Sprintf("%s.principal_q_%08x", Schema, rand.Uint32())
	s := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table, Principal: sqlstore.GobPrincipal("user")}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.CommitCtx(ctx, strings.Repeat("q", 43), gobData(t, map[string]any{"user": "alice"}), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("Commit on %s: %v", table, err)
	}
	if got, err := s.FindByPrincipal(ctx, "alice"); err != nil || len(got) != 1 {
		t.Fatalf("FindByPrincipal on %s: %d sessions, error %v; want 1", table, len(got), err)
	}
}

// wantNoColumn checks that err wraps sqlstore.ErrNoPrincipalColumn and names the column and the
// statements that add it, and returns those statements.
func wantNoColumn(t *testing.T, err error, op string) []string {
	t.Helper()
	const lead = "add it with: "
	switch {
	case !errors.Is(err, sqlstore.ErrNoPrincipalColumn):
		t.Errorf("%s on a table without a principal column: %v, want an error wrapping ErrNoPrincipalColumn", op, err)
	case !strings.Contains(err.Error(), "column principal"):
		t.Errorf("%s: the error does not name the column: %v", op, err)
	case !strings.Contains(err.Error(), lead):
		t.Errorf("%s: the error does not give the statements that add the column: %v", op, err)
	default:
		_, add, _ := strings.Cut(err.Error(), lead)
		return strings.Split(add, "; ")
	}
	return nil
}

// WantPrincipalIndex checks that the store's FindByPrincipal and DeleteByPrincipal statements
// use the principal index, as explain, a statement prefix such as "EXPLAIN", shows them on a
// table of a store with Config.Principal holding sessions of many principals. query runs a
// query after the setup statements (to make the planner's choice independent of the table's
// few rows) and returns its rows' columns as text; uses says whether a plan, its rows and
// columns joined, uses the named index.
func WantPrincipalIndex(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store,
	query func(ctx context.Context, setup []string, q string, args ...any) ([][]string, error),
	explain string, uses func(plan, index string) bool, setup ...string) {
	t.Helper()
	table := fmt.Sprintf("principal_plan_%08x", rand.Uint32())
	s := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table, Principal: sqlstore.GobPrincipal("user")}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	expiry := time.Now().Add(time.Hour)
	for i := range 300 {
		token := fmt.Sprintf("%043d", i)
		if err := s.CommitCtx(ctx, token, gobData(t, map[string]any{"user": fmt.Sprint("user", i%100)}), expiry); err != nil {
			t.Fatal(err)
		}
	}
	p, err := d.WithPrincipal()
	if err != nil {
		t.Fatal(err)
	}
	st, err := p.Statements(table)
	if err != nil {
		t.Fatal(err)
	}
	index := table + dialect.PrincipalIndexSuffix
	for _, c := range []struct {
		name, stmt string
		args       []any
	}{
		{"FindByPrincipal", st.FindByPrincipal, []any{p.BindPrincipal("user7"), p.BindTime(time.Now())}},
		{"DeleteByPrincipal", st.DeleteByPrincipal, []any{p.BindPrincipal("user7")}},
	} {
		rows, err := query(ctx, setup, explain+" "+c.stmt, c.args...)
		if err != nil {
			t.Fatalf("%s %s: %v", explain, c.stmt, err)
		}
		var plan strings.Builder
		for _, r := range rows {
			plan.WriteString(strings.Join(r, " | "))
			plan.WriteString("\n")
		}
		if !uses(plan.String(), index) {
			t.Errorf("%s does not use %s:\n%s", c.name, index, plan.String())
		}
	}
}

// gobData encodes values as scs's default codec does.
func gobData(t testing.TB, values map[string]any) []byte {
	t.Helper()
	b, err := scs.GobCodec{}.Encode(time.Now().Add(time.Hour), values)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TxQuery returns WantPrincipalIndex's query on db: in a transaction it rolls back, so that the
// setup statements (SET LOCAL) end with it.
func TxQuery(db *sql.DB) func(ctx context.Context, setup []string, q string, args ...any) ([][]string, error) {
	return func(ctx context.Context, setup []string, q string, args ...any) ([][]string, error) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		for _, s := range setup {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return nil, fmt.Errorf("%s: %w", s, err)
			}
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		var out [][]string
		for rows.Next() {
			raw := make([]sql.RawBytes, len(cols))
			dest := make([]any, len(cols))
			for i := range raw {
				dest[i] = &raw[i]
			}
			if err := rows.Scan(dest...); err != nil {
				return nil, err
			}
			row := make([]string, len(raw))
			for i, r := range raw {
				row[i] = string(r)
			}
			out = append(out, row)
		}
		return out, rows.Err()
	}
}
