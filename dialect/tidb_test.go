package dialect_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/scsql/scsql/dialect"
)

// TiDB answers VERSION() as MySQL 8.0.11 with its own version after it; MySQL's dialect hands
// such a server to TiDB's, and every other one stays with MySQL's.
func TestMySQLServesTiDBWithTiDBsDialect(t *testing.T) {
	for version, want := range map[string]string{
		"8.0.11-TiDB-v8.4.0":        dialect.TiDB.Name,
		"5.7.25-TiDB-v6.5.0":        dialect.TiDB.Name,
		"10.11.6-MariaDB-0+deb12u1": dialect.MySQL.Name,
		"8.4.3":                     dialect.MySQL.Name,
		"11.4.2-MariaDB-log":        dialect.MySQL.Name,
		"":                          dialect.MySQL.Name,
		"8.0.11-TiDB-v8.4.0-this-is-a-placeholder": dialect.TiDB.Name,
	} {
		if got := dialect.MySQL.ForServer(version).Name; got != want {
			t.Errorf("MySQL.ForServer(%q) = %s, want %s", version, got, want)
		}
	}
	if len(dialect.TiDB.Variants) != 0 {
		t.Errorf("TiDB has variants of its own: %v", dialect.TiDB.Variants)
	}
	if err := dialect.MySQL.Validate(); err != nil {
		t.Error(err)
	}
}

// The errors TiDB reports where MySQL would answer otherwise, in go-sql-driver/mysql's form.
func TestTiDBErrors(t *testing.T) {
	wrap := func(msg string) error { return fmt.Errorf("sqlstore: commit session: %w", errors.New(msg)) }
	for _, tt := range []struct {
		name    string
		err     error
		classes func(dialect.Dialect, error) bool
		tidb    bool
		mysql   bool
	}{
		{"entry too large", wrap("Error 8025 (HY000): entry too large, the max entry size is 6291456, the size of data is 6291528"), dialect.Dialect.DataTooLarge, true, false},
		{"data too long", wrap("Error 1406 (22001): Data too long for column 'data' at row 1"), dialect.Dialect.DataTooLarge, true, true},
		{"write conflict", wrap("Error 9007 (HY000): Write conflict, txnStartTS=1, conflictStartTS=2 [try again later]"), dialect.Dialect.Retryable, true, false},
		{"deadlock", wrap("Error 1213 (40001): Deadlock found when trying to get lock; try restarting transaction"), dialect.Dialect.Retryable, true, true},
		{"lock retry limit", wrap("Error 1105 (HY000): pessimistic lock retry limit reached"), dialect.Dialect.LockHeld, true, false},
		{"lock wait timeout", wrap("Error 1105 (HY000): lock wait timeout"), dialect.Dialect.LockHeld, true, false},
		{"lock wait timeout 1205", wrap("Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction"), dialect.Dialect.LockHeld, true, false},
		{"other 1105", wrap("Error 1105 (HY000): region unavailable"), dialect.Dialect.LockHeld, false, false},
		{"a connection error", wrap("invalid connection"), dialect.Dialect.LockHeld, false, false},
	} {
		if got := tt.classes(dialect.TiDB, tt.err); got != tt.tidb {
			t.Errorf("%s: TiDB says %v, want %v", tt.name, got, tt.tidb)
		}
		if got := tt.classes(dialect.MySQL, tt.err); got != tt.mysql {
			t.Errorf("%s: MySQL says %v, want %v", tt.name, got, tt.mysql)
		}
	}
}
