package inspect

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scsql/scsql/dialect"
)

// shapeOf names t's schema: one of the dialect's Catalog.Shapes, or "other".
func shapeOf(d dialect.Dialect, t *Table) string {
	tok, data, exp := t.column("token"), t.column("data"), t.column("expiry")
	if tok == nil || data == nil || exp == nil {
		return "other"
	}
	for _, s := range d.SQL.Catalog.Shapes {
		if s.Token == tok.Declared && s.Data == data.Declared && s.Expiry == exp.Declared {
			return s.Name
		}
	}
	return "other"
}

// judgeColumns judges the table's columns, schema, indexes and column limits.
func (t *Table) judgeColumns(opt Options) []Finding {
	var fs []Finding
	d := t.dialect
	var missing, wrong, have []string
	for _, want := range []struct {
		name  string
		types []string
	}{
		{"token", nil},
		{"data", d.SQL.Catalog.DataTypes},
		{"expiry", d.SQL.Catalog.ExpiryTypes},
	} {
		c := t.column(want.name)
		switch {
		case c == nil:
			missing = append(missing, want.name)
		case want.types != nil && !slices.Contains(want.types, c.Type):
			wrong = append(wrong, fmt.Sprintf("%s is %s, want one of %s", c.Name, c.Declared, strings.Join(want.types, ", ")))
		default:
			have = append(have, c.Name+" "+c.Declared)
		}
	}
	switch {
	case len(missing) > 0:
		fs = append(fs, Finding{Check: CheckColumns, Severity: Problem,
			Message: "missing column " + strings.Join(missing, ", ") + ": the store's statements fail on this table",
			Action:  "recreate the table with `scsql schema`'s DDL, or add the column"})
	case len(wrong) > 0:
		fs = append(fs, Finding{Check: CheckColumns, Severity: Problem,
			Message: strings.Join(wrong, "; ") + ": the store cannot judge expiry or keep data in it",
			Action:  "recreate the table with `scsql schema`'s DDL and copy the live sessions"})
	default:
		fs = append(fs, Finding{Check: CheckColumns, Severity: OK, Message: strings.Join(have, ", ")})
	}
	switch t.Schema {
	case "recommended":
		fs = append(fs, Finding{Check: CheckSchema, Severity: OK, Message: "the recommended schema"})
	case "scs":
		fs = append(fs, Finding{Check: CheckSchema, Severity: OK, Message: "scs's documented schema: the store works on it",
			Action: "`scsql migrate` prints the changes to the recommended schema"})
	case "gorm":
		fs = append(fs, Finding{Check: CheckSchema, Severity: OK,
			Message: "GORM's table, as scs's gormstore makes it: gormstore works on it (scs's gormstore alters other tables back to it)"})
	default:
		fs = append(fs, Finding{Check: CheckSchema, Severity: OK, Message: "a schema of its own, neither scs's, GORM's nor the recommended one"})
	}

	if t.Indexes != nil || t.column("expiry") != nil {
		usable, unusable := t.indexOn("expiry")
		switch {
		case len(usable) > 0:
			fs = append(fs, Finding{Check: CheckExpiryIndex, Severity: OK, Message: "expiry index " + usable[0].Name})
		case len(unusable) > 0:
			fs = append(fs, Finding{Check: CheckExpiryIndex, Severity: Problem,
				Message: "expiry index " + unusable[0].Name + " is not usable (a CREATE INDEX CONCURRENTLY that failed): every purge scans the table",
				Action:  "`scsql migrate --apply` drops and rebuilds it"})
		default:
			fs = append(fs, Finding{Check: CheckExpiryIndex, Severity: Warning,
				Message: "no index on expiry: every purge reads the whole table",
				Action:  "`scsql migrate` prints the statement that adds it"})
		}
	}

	if data := t.column("data"); data != nil && data.MaxBytes > 0 && d.MaxData > data.MaxBytes {
		fs = append(fs, Finding{Check: CheckDataLimit, Severity: Warning,
			Message: fmt.Sprintf("data is %s, which holds %s: a larger session fails to commit (the store refuses it with sqlstore.ErrDataTooLarge)", data.Declared, bytesText(data.MaxBytes)),
			Action:  fmt.Sprintf("`scsql migrate` prints the change to the recommended data column (%s)", bytesText(d.MaxData))})
	}
	if exp := t.column("expiry"); exp != nil {
		if e, ok := d.ExpiryTypes[exp.Type]; ok && !e.Max.IsZero() && e.Max.Before(d.Expiry.Max) {
			fs = append(fs, Finding{Check: CheckExpiryRange, Severity: Warning,
				Message: fmt.Sprintf("expiry is %s (%s), which ends at %s", exp.Declared, e.Name, e.Max.Format("2006-01-02 15:04:05 UTC")),
				Action:  fmt.Sprintf("`scsql migrate` prints the change to the recommended %s, keeping every instant", d.Expiry.Name)})
		}
	}
	if opt.Principal {
		if t.column("principal") == nil {
			fs = append(fs, Finding{Check: CheckPrincipal, Severity: Problem,
				Message: "no principal column: a store with Config.Principal fails on this table",
				Action:  "`scsql migrate --principal` prints the statements that add it"})
		} else if usable, _ := t.indexOn("principal"); len(usable) == 0 {
			fs = append(fs, Finding{Check: CheckPrincipal, Severity: Warning,
				Message: "principal column without an index: every lookup by principal reads the whole table",
				Action:  "add the index of docs/sessions-per-user.md"})
		} else {
			fs = append(fs, Finding{Check: CheckPrincipal, Severity: OK, Message: "principal column and index " + usable[0].Name})
		}
	}
	return fs
}

// judgeContents judges what the table holds and its lock.
func (t *Table) judgeContents(opt Options) []Finding {
	var fs []Finding
	data := t.column("data")
	if t.MaxData != nil && data != nil && data.MaxBytes > 0 {
		if *t.MaxData*4 >= data.MaxBytes*3 {
			fs = append(fs, Finding{Check: CheckDataLimit, Severity: Problem,
				Message: fmt.Sprintf("the largest session stored now is %s, %d%% of what %s holds: sessions that grow a little more fail to commit",
					bytesText(*t.MaxData), *t.MaxData*100/data.MaxBytes, data.Declared),
				Action: "migrate the data column now: `scsql migrate`"})
		} else {
			fs = append(fs, Finding{Check: CheckDataLimit, Severity: OK,
				Message: fmt.Sprintf("the largest session stored now is %s of the %s %s holds", bytesText(*t.MaxData), bytesText(data.MaxBytes), data.Declared)})
		}
	} else if t.MaxData != nil {
		fs = append(fs, Finding{Check: CheckDataLimit, Severity: OK, Message: "the largest session stored now is " + bytesText(*t.MaxData)})
	}
	if t.Misjudged != nil {
		if *t.Misjudged > 0 {
			fs = append(fs, Finding{Check: CheckTextExpiry, Severity: Warning,
				Message: fmt.Sprintf("%d rows have an expiry that is not UTC text: the store compares GORM's text times and judges them by their local wall clock", *t.Misjudged),
				Action:  "commit every expiry in UTC (scs does); delete or rewrite those rows"})
		} else {
			fs = append(fs, Finding{Check: CheckTextExpiry, Severity: OK,
				Message: "expiry holds GORM's text times, all in UTC: gormstore (dialect.SQLiteGORM) judges them; sqlite3store would take them for julian days and judge wrongly"})
		}
	}
	if t.Live != nil {
		fs = append(fs, Finding{Check: CheckRows, Severity: OK, Message: fmt.Sprintf("%d live, %d expired", *t.Live, *t.Expired)})
	}
	if age := t.OldestExpiredAge; age != nil && *age > 0 {
		d := time.Duration(*age * float64(time.Second)).Round(time.Second)
		if d > opt.StaleAfter {
			fs = append(fs, Finding{Check: CheckExpired, Severity: Warning,
				Message: fmt.Sprintf("the oldest expired row expired %s ago, more than %s: no cleanup is purging this table", d, opt.StaleAfter),
				Action:  "set CleanUpInterval in one application, or run `scsql purge` from cron; check the application's log for cleanup errors"})
		} else {
			fs = append(fs, Finding{Check: CheckExpired, Severity: OK, Message: fmt.Sprintf("the oldest expired row expired %s ago", d)})
		}
	}
	if t.Size != nil {
		fs = append(fs, Finding{Check: CheckSize, Severity: OK, Message: bytesText(*t.Size) + " on disk: " + t.SizeOf})
	}
	switch {
	case t.LockHeld != nil && *t.LockHeld:
		fs = append(fs, Finding{Check: CheckLock, Severity: OK, Message: "another process holds the cleanup lock now: a purge is running"})
	case t.LockHeld != nil:
		fs = append(fs, Finding{Check: CheckLock, Severity: OK, Message: "the cleanup lock is free"})
	case t.dialect.SQL.Catalog.LockHeld == "":
		fs = append(fs, Finding{Check: CheckLock, Severity: OK, Message: "no cross-process cleanup lock on this database (SQLite serialises writers)"})
	}
	return fs
}

// bytesText writes n bytes in the largest binary unit that keeps it readable.
func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
