package dialect

import "time"

// SQLiteGORM is the SQLite dialect for tables whose expiry is a time as GORM stores it, such as
// the table scs's gormstore creates: `expiry datetime`, holding TEXT.
//
// GORM's SQLite driver (mattn/go-sqlite3) writes a time.Time as text in SQLiteTimeFormat, in the
// time's own zone. SQLiteGORM binds expiry and now in that format, in UTC, and compares text
// with text, so the expiry index serves every lookup. Such text sorts in time order as long as
// every value in the column is in UTC: the fraction has its trailing zeros trimmed, and what
// follows it ("+") sorts before every digit, so "05.12+" < "05.123+" < "05.2+" as the times are.
// scs always commits expiries in UTC, and so does this dialect; a row written with another
// offset compares by its local wall time and is judged wrongly. The column's range is the years
// 0 to 9999, whose text has four digits of year and so sorts.
//
// Statements are SQLite's. The recommended table keeps expiry as DATETIME, like GORM's, so the
// application can keep reading it through GORM:
//
//	CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry DATETIME NOT NULL);
//	CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expiry);
var SQLiteGORM = sqliteGORM()

// SQLiteTimeFormat is the layout in which github.com/mattn/go-sqlite3 writes a time.Time
// parameter (its SQLiteTimestampFormats[0]), and so the form of GORM's times in SQLite.
const SQLiteTimeFormat = "2006-01-02 15:04:05.999999999-07:00"

func sqliteGORM() Dialect {
	d := SQLite
	d.Name = "sqlite-gorm"
	d.SQL.CreateTable = []string{
		`CREATE TABLE IF NOT EXISTS {table} (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry DATETIME NOT NULL)`,
		// SQLite puts the schema on the index's name, not on the table it indexes.
		`CREATE INDEX IF NOT EXISTS {schema.}{index} ON {name} (expiry)`,
	}
	d.SQL.Principal.CreateTable = []string{
		`CREATE TABLE IF NOT EXISTS {table} (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry DATETIME NOT NULL, principal TEXT)`,
		`CREATE INDEX IF NOT EXISTS {schema.}{index} ON {name} (expiry)`,
		`CREATE INDEX IF NOT EXISTS {schema.}{principal_index} ON {name} (principal) WHERE principal IS NOT NULL`,
	}
	// A row committed with an offset other than UTC compares by its local wall time.
	d.SQL.Catalog.Shapes = []Shape{
		{"recommended", "text", "blob", "datetime"},
		{"gorm", "varchar(43)", "blob", "datetime"},
	}
	d.SQL.Catalog.ExpiryTypes = []string{"datetime", "text", "timestamp"}
	d.SQL.Catalog.Misjudged = `SELECT COUNT(*) FROM {table} WHERE typeof(expiry) <> 'text' OR expiry NOT LIKE '%+00:00'`
	// scs documents no DDL for its gormstore, whose table GORM's AutoMigrate creates.
	d.SQL.SCSCreateTable = nil
	d.Bind.Time = gormSQLiteTime
	d.Expiry = sqliteGORMText
	return d
}

func init() {
	// Set here: SQLiteGORM is derived from SQLite.
	SQLite.SQL.Catalog.Others = []Dialect{SQLiteGORM}
}

// sqliteGORMText is GORM's expiry column on SQLite. Its text sorts in time order only while the
// year has four digits: year 10000 would sort before year 2030, and so would year -1.
var sqliteGORMText = ExpiryColumn{
	Name:  "SQLite text time (GORM's datetime)",
	Param: "?",
	Min:   time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
	Max:   time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	// julianday() reads the text with its offset.
	Seconds: "(julianday(expiry) - 2440587.5) * 86400.0",
}

// gormSQLiteTime returns t as mattn/go-sqlite3 writes it, in UTC: "2030-01-02 03:04:05.12+00:00".
func gormSQLiteTime(t time.Time) any {
	return t.UTC().Format(SQLiteTimeFormat)
}
