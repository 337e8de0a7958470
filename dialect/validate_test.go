package dialect_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
)

func TestShippedDialectsValidate(t *testing.T) {
	for _, d := range append(dialects, dialect.SQLiteGORM) {
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", d.Name, err)
		}
	}
}

// Each broken dialect is refused by Validate and by Statements, with a message that names
// what is wrong.
func TestValidateRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(*dialect.Dialect)
		want   string
	}{
		{"no name", func(d *dialect.Dialect) { d.Name = "" }, "no Name"},
		{"no find", func(d *dialect.Dialect) { d.SQL.Find = "" }, "no SQL.Find"},
		{"no create table", func(d *dialect.Dialect) { d.SQL.CreateTable = nil }, "no SQL.CreateTable"},
		{"empty create table", func(d *dialect.Dialect) { d.SQL.CreateTable = []string{" "} }, "SQL.CreateTable[0] is empty"},
		{"misspelt variable", func(d *dialect.Dialect) {
			d.SQL.Delete = `DELETE FROM {tabel} WHERE token = $1`
		}, "SQL.Delete has unknown variable {tabel}"},
		{"unknown variable in the lock", func(d *dialect.Dialect) {
			d.SQL.TryLock = `SELECT pg_try_advisory_lock({key})`
		}, "SQL.TryLock has unknown variable {key}"},
		{"lock without unlock", func(d *dialect.Dialect) { d.SQL.Unlock = "" }, "SQL.TryLock and SQL.Unlock must both be set or both be empty"},
		{"lock without key", func(d *dialect.Dialect) { d.LockKey = nil }, "no LockKey"},
		{"no time binding", func(d *dialect.Dialect) { d.Bind.Time = nil }, "no Bind.Time"},
		{"time text that disagrees", func(d *dialect.Dialect) {
			d.Bind.AppendTime = func(b []byte, t time.Time) []byte { return t.AppendFormat(b, time.RFC3339) }
		}, "Bind.AppendTime writes"},
		{"time text for a time that is not text", func(d *dialect.Dialect) {
			d.Bind.Time = func(t time.Time) any { return []byte(t.UTC().Format(time.DateTime)) }
			d.Bind.AppendTime = func(b []byte, t time.Time) []byte { return t.UTC().AppendFormat(b, time.DateTime) }
		}, "Bind.AppendTime writes"},
		{"no quoting", func(d *dialect.Dialect) { d.Identifiers.Quote = nil }, "no Identifiers.Quote"},
		{"no room for names", func(d *dialect.Dialect) { d.Identifiers.MaxLen = 5 }, "Identifiers.MaxLen 5"},
		{"time without its parameter", func(d *dialect.Dialect) {
			d.SQL.All = `SELECT token, data FROM {table} WHERE expiry > {time}`
		}, "a template uses {time} but Expiry.Param is empty"},
		{"expiry types without a probe", func(d *dialect.Dialect) {
			d.ExpiryTypes = map[string]dialect.ExpiryColumn{"timestamp": {Param: "$1"}}
		}, "ExpiryTypes without SQL.Probe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dialect.Postgres
			tt.change(&d)
			err := d.Validate()
			if !errors.Is(err, dialect.ErrInvalidDialect) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error wrapping ErrInvalidDialect that says %q", err, tt.want)
			}
			if _, err := d.Statements("sessions"); !errors.Is(err, dialect.ErrInvalidDialect) {
				t.Errorf("Statements() error = %v, want one wrapping ErrInvalidDialect", err)
			}
		})
	}
}

// Braces that are not a template variable, such as an array literal, are left alone.
func TestValidateAllowsOtherBraces(t *testing.T) {
	d := dialect.Postgres
	d.SQL.Find = `SELECT data FROM {table} WHERE token = $1 AND expiry > $2 AND '{1,2}' IS NOT NULL`
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
}

// A derived dialect keeps what it does not replace: statements, bindings and every error
// classification.
func TestDerivedDialectInherits(t *testing.T) {
	d := dialect.Postgres
	d.Name = "cockroachdb"
	d.SQL.TryLock, d.SQL.Unlock, d.SQL.LockedDeleteExpired = "", "", ""
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	got, err := d.Statements("sessions")
	if err != nil {
		t.Fatal(err)
	}
	want, err := dialect.Postgres.Statements("sessions")
	if err != nil {
		t.Fatal(err)
	}
	if got.Find != want.Find || got.Upsert != want.Upsert || got.DeleteExpired != want.DeleteExpired {
		t.Errorf("derived statements differ from PostgreSQL's")
	}
	if got.TryLock != "" || got.Unlock != "" || got.LockedDeleteExpired != "" {
		t.Errorf("derived dialect kept the cleanup lock it removed: %q, %q, %q", got.TryLock, got.Unlock, got.LockedDeleteExpired)
	}
	if d.Errors.Retryable == nil || d.Errors.PermissionDenied == nil || d.Bind.Time == nil {
		t.Errorf("derived dialect lost PostgreSQL's error classification or time binding")
	}
}

func TestValidatePrincipal(t *testing.T) {
	d := dialect.Postgres
	d.SQL.Principal.Delete = ""
	err := d.Validate()
	if !errors.Is(err, dialect.ErrInvalidDialect) || !strings.Contains(err.Error(), "no SQL.Principal.Delete") {
		t.Errorf("Validate of a dialect without SQL.Principal.Delete = %v, want an error naming it", err)
	}
	d = dialect.Postgres
	d.SQL.Principal.Find += " {principal}"
	if err := d.Validate(); err == nil || !strings.Contains(err.Error(), "SQL.Principal.Find has unknown variable {principal}") {
		t.Errorf("Validate of a principal template with an unknown variable = %v, want an error naming it", err)
	}
	d = dialect.Postgres
	d.SQL.Principal = dialect.PrincipalTemplates{}
	if err := d.Validate(); err != nil {
		t.Errorf("Validate of a dialect without principal templates = %v, want nil: they are optional", err)
	}
	if _, err := d.WithPrincipal(); !errors.Is(err, dialect.ErrInvalidDialect) {
		t.Errorf("WithPrincipal of a dialect without principal templates = %v, want ErrInvalidDialect", err)
	}
}

func TestCheckPrincipalTable(t *testing.T) {
	long := strings.Repeat("t", 63-len(dialect.PrincipalIndexSuffix))
	if err := dialect.Postgres.CheckPrincipalTable("auth." + long); err != nil {
		t.Errorf("CheckPrincipalTable of a %d-character table: %v", len(long), err)
	}
	if err := dialect.Postgres.CheckPrincipalTable(long + "t"); !errors.Is(err, dialect.ErrInvalidTableName) {
		t.Errorf("CheckPrincipalTable of a %d-character table on PostgreSQL = %v, want ErrInvalidTableName", len(long)+1, err)
	}
}
