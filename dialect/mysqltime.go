package dialect

import "time"

// mysqlTimeLayout is the text form of a time that MySQL reads into DATETIME(6) and TIMESTAMP(6):
// microseconds, trailing zeros dropped.
const mysqlTimeLayout = "2006-01-02 15:04:05.999999"

// mysqlTime returns t in UTC as MySQL's text form, exactly t.UTC().Format(mysqlTimeLayout). It
// runs on every Find and Commit, where time.Format's general layout interpreter cost about 1,900
// instructions; writing the fixed layout directly costs a tenth of that.
func mysqlTime(t time.Time) any {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(mysqlTimeLayout) // out of every MySQL column's range; the rule is Format's
	}
	hour, minute, sec := t.Clock()
	var b [len("2006-01-02 15:04:05.000000")]byte
	putDigits(b[0:4], year)
	b[4] = '-'
	putDigits(b[5:7], int(month))
	b[7] = '-'
	putDigits(b[8:10], day)
	b[10] = ' '
	putDigits(b[11:13], hour)
	b[13] = ':'
	putDigits(b[14:16], minute)
	b[16] = ':'
	putDigits(b[17:19], sec)
	n := len("2006-01-02 15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		b[n] = '.'
		putDigits(b[n+1:n+7], us)
		n += 7
		for b[n-1] == '0' {
			n--
		}
	}
	return string(b[:n])
}

// putDigits writes v's last len(b) decimal digits into b, with leading zeros.
func putDigits(b []byte, v int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
}
