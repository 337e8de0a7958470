package dialect

import (
	"time"

	"github.com/scsql/scsql/internal/timetext"
)

// mysqlTimeLayout is the text form of a time that MySQL reads into DATETIME(6) and TIMESTAMP(6):
// microseconds, trailing zeros dropped.
const mysqlTimeLayout = "2006-01-02 15:04:05.999999"

// mysqlTime returns t in UTC as MySQL's text form, exactly t.UTC().Format(mysqlTimeLayout).
func mysqlTime(t time.Time) any {
	var buf [len("2006-01-02 15:04:05.000000")]byte
	return string(appendMySQLTime(buf[:0], t))
}

// appendMySQLTime appends mysqlTime's text to b. It runs on every Find and Commit, where
// time.Format's general layout interpreter cost about 1,900 instructions; writing the fixed
// layout directly (internal/timetext) costs about 300.
func appendMySQLTime(b []byte, t time.Time) []byte {
	text, ok := timetext.AppendUTC(b, t, 6)
	if !ok {
		return t.UTC().AppendFormat(b, mysqlTimeLayout) // out of every MySQL column's range; the rule is Format's
	}
	return text
}
