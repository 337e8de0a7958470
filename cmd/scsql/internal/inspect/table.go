package inspect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/scsql/scsql/dialect"
)

// Column is one column of the table as the catalogue describes it.
type Column struct {
	Name string `json:"name"`
	// Type is the data type without size, in lower case ("timestamp"); Declared the type as
	// declared ("timestamp(6)").
	Type     string `json:"type"`
	Declared string `json:"declared"`
	// MaxBytes is the most bytes it holds, 0 when unlimited or not reported.
	MaxBytes int64 `json:"max_bytes,omitempty"`
}

// Index is one index of the table: its name, its first column, and whether the database can
// use it.
type Index struct {
	Name   string `json:"name"`
	Column string `json:"column"`
	Usable bool   `json:"usable"`
}

// Table is what Inspect read about a session table. A pointer field is nil when it could not
// be read (see the findings for why).
type Table struct {
	Name    string   `json:"table"`
	Dialect string   `json:"dialect"`
	Exists  bool     `json:"exists"`
	Columns []Column `json:"columns"`
	Indexes []Index  `json:"indexes"`
	// Schema is which schema the table has: "recommended", "scs", "gorm" or "other" (see
	// shapes).
	Schema string `json:"schema,omitempty"`
	// Live and Expired count rows judged by Now; OldestExpiredAge is how long ago the
	// earliest expired row expired (0 when none is).
	Live             *int64   `json:"live_rows"`
	Expired          *int64   `json:"expired_rows"`
	OldestExpiredAge *float64 `json:"oldest_expired_age_seconds"`
	MaxData          *int64   `json:"max_data_bytes"`
	Size             *int64   `json:"size_bytes"`
	SizeOf           string   `json:"size_of,omitempty"`
	LockHeld         *bool    `json:"cleanup_lock_held"`
	Misjudged        *int64   `json:"misjudged_rows,omitempty"`

	// dialect is the dialect the table is read with: the server's variant, and SQLiteGORM
	// for GORM's text expiry.
	dialect dialect.Dialect
}

// Options say what Inspect reads and how it judges.
type Options struct {
	// Table is the table, as the library's Config.TableName takes it.
	Table string
	// Now is the application's clock, which judges expiry.
	Now time.Time
	// Principal asks for the principal column (Config.Principal).
	Principal bool
	// StaleAfter is how long the oldest expired row may have been expired before the
	// cleanup counts as not running.
	StaleAfter time.Duration
}

// Inspect reads table's columns, indexes, rows, size and cleanup lock with d's catalogue
// queries, and returns them with its findings. A query refused for lack of a privilege becomes
// a finding that names the privilege, and Inspect carries on; the error is for anything else
// that stops it (the connection failing, say).
func Inspect(ctx context.Context, db *sql.DB, d dialect.Dialect, opt Options) (*Table, []Finding, error) {
	d, err := serverDialect(ctx, db, d)
	if err != nil {
		return nil, nil, err
	}
	cat, err := d.Catalog(opt.Table, "")
	if err != nil {
		return nil, nil, err
	}
	t := &Table{Name: opt.Table, Dialect: d.Name, dialect: d}
	var fs []Finding
	add := func(f Finding) { fs = append(fs, f) }

	if err := t.readColumns(ctx, db, cat.Columns); err != nil {
		if !d.PermissionDenied(err) {
			return nil, nil, fmt.Errorf("read the columns of %s: %w", opt.Table, err)
		}
		add(denied(CheckColumns, "read the table's columns", "SELECT on the catalogue views", err))
	}
	if len(t.Columns) == 0 {
		add(Finding{Check: CheckTable, Severity: Problem,
			Message: fmt.Sprintf("table %s not found, or this user may not see it (MySQL's information_schema lists only tables the user holds a privilege on)", opt.Table),
			Action:  "create it with `scsql schema` (or the store's CreateTable), or grant this user SELECT on it"})
		return t, fs, nil
	}
	t.Exists = true
	expiryType := ""
	if c := t.column("expiry"); c != nil {
		expiryType = c.Type
	}
	// SQLite's datetime expiry holds GORM's text times: SQLiteGORM reads it, as purge does.
	d = d.ForExpiryType(expiryType)
	t.dialect, t.Dialect = d, d.Name
	if cat, err = d.Catalog(opt.Table, expiryType); err != nil {
		return nil, nil, err
	}
	st, err := d.StatementsFor(opt.Table, dialect.Columns{ExpiryType: expiryType})
	if err != nil {
		return nil, nil, err
	}
	if err := t.readIndexes(ctx, db, cat.Indexes); err != nil {
		if !d.PermissionDenied(err) {
			return nil, nil, fmt.Errorf("read the indexes of %s: %w", opt.Table, err)
		}
		add(denied(CheckExpiryIndex, "read the table's indexes", "SELECT on the catalogue views", err))
	}
	t.Schema = shapeOf(d, t)
	fs = append(fs, t.judgeColumns(opt)...)

	timed := slices.Contains(d.SQL.Catalog.ExpiryTypes, expiryType)
	selectPriv := "SELECT on " + opt.Table
	if timed {
		now := d.BindTime(opt.Now)
		var live, expired int64
		err := db.QueryRowContext(ctx, cat.Live, now).Scan(&live)
		if err == nil && st.CountExpired == "" {
			err = fmt.Errorf("the %s dialect has no CountExpired", d.Name)
		}
		if err == nil {
			// The store's own count, which purge's estimate of rows left uses too.
			err = db.QueryRowContext(ctx, st.CountExpired, now).Scan(&expired)
		}
		if err != nil {
			add(queryFailed(d, CheckRows, "count rows", selectPriv, err))
		} else {
			t.Live, t.Expired = &live, &expired
		}
		var oldest sql.NullFloat64
		if err := db.QueryRowContext(ctx, cat.OldestExpired, now).Scan(&oldest); err != nil {
			add(queryFailed(d, CheckExpired, "find the oldest expired row", selectPriv, err))
		} else {
			age := 0.0
			if oldest.Valid {
				age = math.Max(0, float64(opt.Now.UnixMicro())/1e6-oldest.Float64)
			}
			t.OldestExpiredAge = &age
		}
	}
	if t.column("data") != nil {
		var n int64
		if err := db.QueryRowContext(ctx, cat.MaxData).Scan(&n); err != nil {
			add(queryFailed(d, CheckDataLimit, "measure the largest session", selectPriv, err))
		} else {
			t.MaxData = &n
		}
	}
	if cat.Misjudged != "" {
		var n int64
		if err := db.QueryRowContext(ctx, cat.Misjudged).Scan(&n); err != nil {
			add(queryFailed(d, CheckTextExpiry, "count expiries not in UTC", selectPriv, err))
		} else {
			t.Misjudged = &n
		}
	}
	if cat.Size != "" {
		var n sql.NullInt64
		if err := db.QueryRowContext(ctx, cat.Size).Scan(&n); err != nil {
			add(queryFailed(d, CheckSize, "read the table's size", "the privilege to read the size views", err))
		} else if n.Valid {
			t.Size, t.SizeOf = &n.Int64, cat.SizeOf
		}
	}
	if cat.LockHeld != "" {
		var held bool
		if err := db.QueryRowContext(ctx, cat.LockHeld, cat.LockKey).Scan(&held); err != nil {
			add(queryFailed(d, CheckLock, "see whether the cleanup lock is held", "the privilege to read the lock views", err))
		} else {
			t.LockHeld = &held
		}
	}
	fs = append(fs, t.judgeContents(opt)...)
	return t, fs, nil
}

// ExpiryType returns the data type of table's expiry column as the dialect's catalogue names
// it (Catalog.Columns), or "" when the table or the column is missing or cannot be read; the
// error is for a query that failed.
func ExpiryType(ctx context.Context, db *sql.DB, d dialect.Dialect, table string) (string, error) {
	cat, err := d.Catalog(table, "")
	if err != nil {
		return "", err
	}
	var t Table
	if err := t.readColumns(ctx, db, cat.Columns); err != nil {
		return "", fmt.Errorf("read the columns of %s: %w", table, err)
	}
	if c := t.column("expiry"); c != nil {
		return c.Type, nil
	}
	return "", nil
}

// serverDialect returns the variant of d that serves db's server (TiDB for MySQL's).
func serverDialect(ctx context.Context, db *sql.DB, d dialect.Dialect) (dialect.Dialect, error) {
	if len(d.Variants) == 0 {
		return d, nil
	}
	var version string
	if err := db.QueryRowContext(ctx, d.SQL.Version).Scan(&version); err != nil {
		return d, fmt.Errorf("ask the server's version: %w", err)
	}
	return d.ForServer(version), nil
}

func (t *Table) readColumns(ctx context.Context, db *sql.DB, query string) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Name, &c.Type, &c.Declared, &c.MaxBytes); err != nil {
			return err
		}
		c.Name = strings.ToLower(c.Name)
		t.Columns = append(t.Columns, c)
	}
	return rows.Err()
}

func (t *Table) readIndexes(ctx context.Context, db *sql.DB, query string) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ix Index
		var usable int
		if err := rows.Scan(&ix.Name, &ix.Column, &usable); err != nil {
			return err
		}
		ix.Column, ix.Usable = strings.ToLower(ix.Column), usable == 1
		t.Indexes = append(t.Indexes, ix)
	}
	return rows.Err()
}

// column returns the named column, or nil.
func (t *Table) column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// indexOn returns the indexes whose first column is column.
func (t *Table) indexOn(column string) (usable, unusable []Index) {
	for _, ix := range t.Indexes {
		if ix.Column != column {
			continue
		}
		if ix.Usable {
			usable = append(usable, ix)
		} else {
			unusable = append(unusable, ix)
		}
	}
	return usable, unusable
}

// denied is the finding of a query refused for lack of privilege.
func denied(check, what, privilege string, err error) Finding {
	return Finding{Check: check, Severity: Warning,
		Message: fmt.Sprintf("could not %s: permission denied (%v)", what, err),
		Action:  "grant this user " + privilege + " to check it"}
}

// queryFailed is the finding of a query that failed: a warning naming the privilege when it
// was refused, a problem otherwise.
func queryFailed(d dialect.Dialect, check, what, privilege string, err error) Finding {
	if d.PermissionDenied(err) {
		return denied(check, what, privilege, err)
	}
	var f Finding
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		f.Action = "run check again with more time"
	}
	f.Check, f.Severity, f.Message = check, Problem, fmt.Sprintf("could not %s: %v", what, err)
	return f
}
