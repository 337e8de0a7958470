package dialect

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// ErrInvalidDialect is wrapped by the error of Validate, and so of Statements, for a dialect
// that cannot build working statements.
var ErrInvalidDialect = errors.New("invalid dialect")

// variables are the template variables Statements replaces.
var variables = map[string]bool{
	"{table}": true, "{name}": true, "{schema.}": true, "{index}": true, "{index_literal}": true,
	"{name_literal}": true, "{schema_literal}": true, "{time}": true,
	"{principal_index}": true, "{principal_index_literal}": true, "{seconds}": true,
}

// variable finds what looks like a template variable. SQL has no braces around a bare word
// otherwise, so one that is not a known variable is a mistake (a misspelt variable would reach
// the database as text, or worse, change a statement's meaning).
var variable = regexp.MustCompile(`\{[A-Za-z_.]+\}`)

// Validate reports whether d can build working statements: the required statements and
// functions are there, the cleanup lock is whole, and every template uses only the variables
// that Templates lists. The error wraps ErrInvalidDialect and names every problem found.
// Validate runs no SQL: a statement the database would reject is found by running the
// conformance suite (package sqlstore/storetest) on the database.
func (d Dialect) Validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if d.Name == "" {
		add("no Name")
	}
	if d.Identifiers.Quote == nil {
		add("no Identifiers.Quote")
	}
	if d.Identifiers.MaxLen <= len(ExpiryIndexSuffix) {
		add("Identifiers.MaxLen %d leaves no room for a table name and %q", d.Identifiers.MaxLen, ExpiryIndexSuffix)
	}
	if d.Bind.Time == nil {
		add("no Bind.Time")
	} else if d.Bind.AppendTime != nil {
		for _, t := range appendTimeSamples {
			if text := d.Bind.AppendTime(nil, t); d.Bind.Time(t) != any(string(text)) {
				add("Bind.AppendTime writes %q for %v, where Bind.Time gives %v", text, t, d.Bind.Time(t))
			}
		}
	}
	templates := []struct{ field, sql string }{
		{"Find", d.SQL.Find}, {"Upsert", d.SQL.Upsert}, {"Delete", d.SQL.Delete}, {"All", d.SQL.All},
		{"DeleteExpired", d.SQL.DeleteExpired}, {"TableExists", d.SQL.TableExists},
	}
	for _, t := range templates {
		if strings.TrimSpace(t.sql) == "" {
			add("no SQL.%s", t.field)
		}
	}
	if len(d.SQL.CreateTable) == 0 {
		add("no SQL.CreateTable")
	}
	for i, c := range d.SQL.CreateTable {
		if strings.TrimSpace(c) == "" {
			add("SQL.CreateTable[%d] is empty", i)
		}
		templates = append(templates, struct{ field, sql string }{fmt.Sprintf("CreateTable[%d]", i), c})
	}
	for i, c := range d.SQL.SCSCreateTable {
		templates = append(templates, struct{ field, sql string }{fmt.Sprintf("SCSCreateTable[%d]", i), c})
	}
	templates = append(templates, []struct{ field, sql string }{
		{"TryLock", d.SQL.TryLock}, {"Unlock", d.SQL.Unlock},
		{"LockedDeleteExpired", d.SQL.LockedDeleteExpired}, {"Probe", d.SQL.Probe},
		{"CountExpired", d.SQL.CountExpired},
	}...)
	for _, t := range d.SQL.Principal.templates() {
		templates = append(templates, struct{ field, sql string }(t))
	}
	problems = append(problems, d.SQL.Principal.problems()...)
	if (d.SQL.TryLock == "") != (d.SQL.Unlock == "") {
		add("SQL.TryLock and SQL.Unlock must both be set or both be empty")
	}
	if (d.SQL.TryLock != "" || d.SQL.LockedDeleteExpired != "") && d.LockKey == nil {
		add("no LockKey for the cleanup lock's statements")
	}
	if len(d.Variants) > 0 && strings.TrimSpace(d.SQL.Version) == "" {
		add("Variants without SQL.Version, which chooses among them")
	}
	for i, v := range d.Variants {
		if v.Server == "" {
			add("Variants[%d] has no Server", i)
		}
		if err := v.Dialect.Validate(); err != nil {
			add("Variants[%d] (%s): %v", i, v.Server, err)
		}
	}
	if len(d.ExpiryTypes) > 0 && d.SQL.Probe == "" {
		add("ExpiryTypes without SQL.Probe, which finds them")
	}
	types := slices.Sorted(maps.Keys(d.ExpiryTypes))
	for _, typ := range types {
		if typ != strings.ToLower(typ) {
			add("ExpiryTypes key %q is not lower case", typ)
		}
	}
	usesTime := false
	for _, t := range templates {
		for _, v := range variable.FindAllString(t.sql, -1) {
			if !variables[v] {
				add("SQL.%s has unknown variable %s", t.field, v)
			}
			usesTime = usesTime || v == "{time}"
		}
	}
	if usesTime {
		if d.Expiry.Param == "" {
			add("a template uses {time} but Expiry.Param is empty")
		}
		for _, typ := range types {
			if d.ExpiryTypes[typ].Param == "" {
				add("a template uses {time} but ExpiryTypes[%q].Param is empty", typ)
			}
		}
	}
	for _, e := range append([]ExpiryColumn{d.Expiry}, slices.Collect(maps.Values(d.ExpiryTypes))...) {
		if !e.Min.IsZero() && !e.Max.IsZero() && e.Max.Before(e.Min) {
			add("expiry column %q has Max before Min", e.Name)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w %q: %s", ErrInvalidDialect, d.Name, strings.Join(problems, "; "))
}

// appendTimeSamples are the times at which Validate compares Bind.AppendTime with Bind.Time: a
// whole second, a fraction, a time in another zone, and the ends of the years four digits hold.
var appendTimeSamples = []time.Time{
	time.Date(2026, 12, 2, 18, 30, 0, 0, time.UTC),
	time.Date(2026, 12, 2, 18, 30, 0, 123_456_789, time.UTC),
	time.Date(2026, 12, 2, 18, 30, 0, 120_000_000, time.FixedZone("UTC+5:30", 5*3600+1800)),
	time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
}
