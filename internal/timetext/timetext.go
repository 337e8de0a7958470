// Package timetext writes times in the fixed text layout that SQL servers read, without
// time.Format's general layout interpreter (about 1,900 instructions a time): the stores bind a
// time on every operation, and on MySQL and lib/pq they bind it as text.
package timetext

import "time"

// AppendUTC appends t in UTC as "2006-01-02 15:04:05", then, unless t falls on a whole second,
// a point and the fraction of a second in digits digits (1 to 9) with trailing zeros dropped:
// t.UTC().Format("2006-01-02 15:04:05.999999") for 6, and so on. For a year outside 0 to 9999,
// which the layout cannot hold, it appends nothing and returns false.
func AppendUTC(b []byte, t time.Time, digits int) ([]byte, bool) {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 || digits < 1 || digits > 9 {
		return b, false
	}
	hour, minute, sec := t.Clock()
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, ' ')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
	frac := t.Nanosecond()
	for range 9 - digits {
		frac /= 10
	}
	if frac == 0 {
		return b, true
	}
	b = append(b, '.')
	b = appendDigits(b, frac, digits)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	return b, true
}

// appendDigits appends v's last n decimal digits, with leading zeros.
func appendDigits(b []byte, v, n int) []byte {
	b = append(b, make([]byte, n)...)
	for i := len(b) - 1; i >= len(b)-n; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return b
}
