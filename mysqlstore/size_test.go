package mysqlstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
)

// mediumBlobSize is what the recommended MEDIUMBLOB data column holds. Data of exactly that
// size does not fit in the server's default 16 MiB max_allowed_packet, so the suite stores a
// little less.
const mediumBlobSize = 1<<24 - 1

func TestDataSize(t *testing.T) {
	for _, mode := range []struct {
		name, sqlMode string
	}{
		{"Strict", "'STRICT_TRANS_TABLES'"},
		// Without strict mode the server would truncate long data to the column with a warning.
		{"NonStrict", "''"},
	} {
		t.Run(mode.name, func(t *testing.T) {
			db := testdb.MySQLWith(t, map[string]string{"sql_mode": mode.sqlMode})
			newStore := func(cfg sqlstore.Config) *sqlstore.Store { return mysqlstore.NewWithConfig(db, cfg) }
			t.Run("Recommended", func(t *testing.T) {
				testdb.SizeSuite(t, dialect.MySQL, testdb.DBExec(db), newStore, testdb.SizeSchema{Limit: mediumBlobSize})
			})
			t.Run("SCSSchema", func(t *testing.T) {
				testdb.SizeSuite(t, dialect.MySQL, testdb.DBExec(db), newStore,
					testdb.SizeSchema{DDL: testdb.SCSDDL(t, dialect.MySQL), Limit: scsBlobSize, Exact: true, TokenLimit: 43})
			})
			if mode.name == "Strict" {
				// Error 1406 from the server, for a table altered after the store read it.
				t.Run("ServerRefuses", func(t *testing.T) {
					testdb.ServerRefusesData(t, dialect.MySQL, testdb.DBExec(db), newStore,
						"ALTER TABLE sessions MODIFY data BLOB NOT NULL", scsBlobSize)
				})
			}
		})
	}
}
