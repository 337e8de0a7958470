package inspect

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Step is one change of a migration: statements run in order on one connection, outside a
// transaction.
type Step struct {
	// What the step changes, for people.
	What string
	SQL  []string
	// Locks says what the step locks while it runs.
	Locks string
	// Copies is whether the step reads or rewrites the whole table, so that its time grows
	// with the table's size.
	Copies bool
}

// Plan returns the steps that move t to the recommended schema: the column types that bite
// (MySQL's BLOB and TIMESTAMP), an expiry index that is missing or unusable, and, with
// principal, the principal column. No step: nothing to do.
func Plan(t *Table, principal bool) ([]Step, error) {
	if !t.Exists {
		return nil, fmt.Errorf("table %s not found: create it with `scsql schema` instead", t.Name)
	}
	m, err := t.dialect.Migration(t.Name)
	if err != nil {
		return nil, err
	}
	var steps []Step
	data, exp := t.column("data"), t.column("expiry")
	if len(m.Columns) > 0 && data != nil && exp != nil {
		var what []string
		if slices.Contains([]string{"blob", "tinyblob"}, data.Type) {
			what = append(what, "data "+data.Declared+" → MEDIUMBLOB")
		}
		if exp.Type == "timestamp" {
			what = append(what, "expiry "+exp.Declared+" → DATETIME(6), the same UTC instants")
		}
		if len(what) > 0 {
			if tok := t.column("token"); tok != nil && tok.Declared != "varbinary(255)" {
				what = append(what, "token "+tok.Declared+" → VARBINARY(255)")
			}
			steps = append(steps, Step{What: strings.Join(what, "; "), SQL: m.Columns, Locks: m.ColumnsLock, Copies: true})
		}
	}
	usable, unusable := t.indexOn("expiry")
	if len(usable) == 0 {
		if len(unusable) > 0 && m.DropExpiryIndex != "" {
			steps = append(steps, Step{What: "drop the unusable expiry index " + unusable[0].Name,
				SQL: []string{m.DropExpiryIndex}, Locks: "an instant's lock on the index (DROP INDEX CONCURRENTLY)"})
		}
		steps = append(steps, Step{What: "add the expiry index", SQL: m.ExpiryIndex, Locks: m.ExpiryIndexLock, Copies: true})
	}
	if principal && t.column("principal") == nil {
		if len(m.AddPrincipal) == 0 {
			return nil, fmt.Errorf("the %s dialect keeps no principals", t.Dialect)
		}
		steps = append(steps, Step{What: "add the principal column and its index", SQL: m.AddPrincipal, Locks: m.PrincipalLock, Copies: true})
	}
	return steps, nil
}

// copyRate is the rate, in bytes per second, at which Estimate assumes a step reads or
// rewrites a table. It is a rough, deliberately low guess, not a measurement: a table copy or
// index build on a server's disk usually runs several times faster, and a busy server or slow
// disks slower, so Estimate says "up to about" and names its basis. Nobody has timed it on
// real tables; a migration's own log is the way to correct it.
const copyRate = 5 << 20

// Estimate says how long a step may take on t: from the larger of its size on disk and its
// rows times its largest session (InnoDB's size is an estimate that lags behind inserts).
func Estimate(s Step, t *Table) string {
	if !s.Copies {
		return "an instant, once it has its lock"
	}
	var bytes int64
	var basis []string
	if t.Size != nil {
		bytes = *t.Size
		basis = append(basis, bytesText(*t.Size)+" on disk ("+t.SizeOf+")")
	}
	if t.Live != nil && t.MaxData != nil {
		rows := *t.Live + *t.Expired
		bytes = max(bytes, rows*(*t.MaxData+64))
		basis = append(basis, fmt.Sprintf("%d rows of at most %s", rows, bytesText(*t.MaxData)))
	}
	if basis == nil {
		return "unknown: the table's size could not be read"
	}
	d := time.Duration(float64(bytes) / copyRate * float64(time.Second))
	return fmt.Sprintf("up to about %s for %s, at a conservative %s/s; a loaded server or slow disks take longer",
		max(d, time.Second).Round(time.Second), strings.Join(basis, " and "), bytesText(copyRate))
}

// Apply runs the steps' statements in order on one connection, calling before with each step
// before it runs. The connection is discarded afterwards, so that session settings a step
// made (MySQL's time_zone) never reach another use of the pool.
func Apply(ctx context.Context, db *sql.DB, steps []Step, before func(Step)) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		conn.Close()
	}()
	for _, s := range steps {
		before(s)
		for _, q := range s.SQL {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
	}
	return nil
}
