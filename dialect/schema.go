package dialect

import (
	"strings"
	"time"
)

// Columns is what Statements.Probe found out about a session table.
type Columns struct {
	// ExpiryType is the expiry column's data type as the database names it, in lower case
	// ("timestamp"); empty when not found.
	ExpiryType string
	// DataBytes and TokenBytes are the most bytes the data and token columns hold; 0 when not
	// known. For a text column (scs's CHAR(43) token) the probe gives characters, which are
	// bytes for the printable ASCII tokens the store accepts.
	DataBytes, TokenBytes int64
	// Principal is whether the table has a principal column.
	Principal bool
}

// Add records one row of Statements.Probe's result.
func (c *Columns) Add(column, dataType string, maxBytes int64) {
	switch strings.ToLower(column) {
	case "expiry":
		c.ExpiryType = strings.ToLower(dataType)
	case "data":
		c.DataBytes = maxBytes
	case "token":
		c.TokenBytes = maxBytes
	case "principal":
		c.Principal = true
	}
}

// StatementsFor is Statements for a table whose columns are cols, as Statements.Probe found
// them: bound times are placed as the expiry column's type needs, and ExpiryMin, ExpiryMax,
// MaxData and MaxToken are that table's. An expiry type the dialect has no special statements
// for gets those of the recommended table.
func (d Dialect) StatementsFor(table string, cols Columns) (Statements, error) {
	if e, ok := d.ExpiryTypes[cols.ExpiryType]; ok {
		d.Expiry = e
	}
	s, err := d.Statements(table)
	if err != nil {
		return Statements{}, err
	}
	if cols.DataBytes > 0 {
		s.MaxData = cols.DataBytes
	}
	if cols.TokenBytes > 0 {
		s.MaxToken = cols.TokenBytes
	}
	return s, nil
}

// The expiry columns of each dialect's recommended and scs's tables.
var (
	// MySQL's DATETIME is a wall-clock value that no session time zone converts: the store
	// binds UTC text into it. Its documented range is 1000-01-01 to 9999-12-31.
	mysqlDatetime = ExpiryColumn{
		Name:  "MySQL DATETIME",
		Param: "?",
		// Wall-clock arithmetic from the epoch: the column holds UTC.
		Seconds: "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', expiry) / 1000000",
		Min:     time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC),
		Max:     time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	}
	// MySQL's TIMESTAMP is an instant, which the server converts from the session time zone on
	// the way in and compares in the session time zone. A UTC literal bound under a session
	// zone other than UTC would be read as local time, so the bound UTC time is converted to
	// the session zone first; the server converts it back when storing or comparing.
	// CONVERT_TZ accepts every value time_zone can take ('SYSTEM', offsets, and named zones,
	// which the server only accepts when its time zone tables are loaded). The range is the one
	// every MySQL and MariaDB version holds (MariaDB 11.5 extends it to 2106 on 64-bit systems).
	mysqlTimestamp = ExpiryColumn{
		Name:  "MySQL TIMESTAMP",
		Param: "CONVERT_TZ(?, '+00:00', @@session.time_zone)",
		// UNIX_TIMESTAMP reads a TIMESTAMP column's instant, whatever the session's zone.
		Seconds: "UNIX_TIMESTAMP(expiry)",
		Min:     time.Date(1970, 1, 1, 0, 0, 1, 0, time.UTC),
		Max:     time.Date(2038, 1, 19, 3, 14, 7, 999999999, time.UTC),
	}
	// PostgreSQL's TIMESTAMPTZ holds 4713 BC to 294276 AD.
	postgresTimestamptz = ExpiryColumn{
		Name:    "PostgreSQL TIMESTAMPTZ",
		Seconds: "EXTRACT(EPOCH FROM expiry)::float8",
		Min:     time.Date(-4712, 11, 24, 0, 0, 0, 0, time.UTC),
		Max:     time.Date(294276, 12, 31, 23, 59, 59, 999999999, time.UTC),
	}
	// SQL Server's DATETIME2 holds the years 1 to 9999; the store binds microseconds at most, so
	// the column's last microsecond is the latest time it holds without rounding past 9999.
	sqlServerDatetime2 = ExpiryColumn{
		Name:    "SQL Server DATETIME2",
		Seconds: "DATEDIFF_BIG(MICROSECOND, '19700101', expiry) / 1000000.0",
		Min:     time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		Max:     time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC),
	}
	// SQLite's julian-day REAL, computed from Go's Unix milliseconds, orders every time Go can
	// hold; it has no range to check.
	sqliteJulianDay = ExpiryColumn{Name: "SQLite julian day (REAL)", Seconds: "(expiry - 2440587.5) * 86400.0"}
)
