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
	sec := t.Unix()
	if sec < minUnix || sec > maxUnix || digits < 1 || digits > 9 {
		return b, false
	}
	// Days since 1970-01-01 and the second of the day; sec >= minUnix, so shifting by a whole
	// number of days before dividing keeps both non-negative.
	days := (sec-minUnix)/secondsPerDay + minUnix/secondsPerDay
	clock := int((sec - minUnix) % secondsPerDay)
	year, month, day := civil(days)

	var buf [len("2006-01-02 15:04:05.999999999")]byte
	put4(buf[0:], year)
	buf[4] = '-'
	put2(buf[5:], month)
	buf[7] = '-'
	put2(buf[8:], day)
	buf[10] = ' '
	put2(buf[11:], clock/3600)
	buf[13] = ':'
	put2(buf[14:], clock/60%60)
	buf[16] = ':'
	put2(buf[17:], clock%60)
	n := len("2006-01-02 15:04:05")
	if frac := t.Nanosecond() / pow10[9-digits]; frac != 0 {
		buf[n] = '.'
		i := n + digits + 1 // the fraction's end; its digits are written back to front
		for ; i-2 > n; i -= 2 {
			put2(buf[i-2:], frac%100)
			frac /= 100
		}
		if i-1 > n {
			buf[i-1] = byte('0' + frac)
		}
		n += digits + 1
		for buf[n-1] == '0' {
			n--
		}
	}
	return append(b, buf[:n]...), true
}

const (
	secondsPerDay = 24 * 60 * 60
	// minUnix and maxUnix are the Unix times of 0000-01-01 00:00:00 and 9999-12-31 23:59:59
	// UTC, the range the layout's four-digit year holds.
	minUnix = -62167219200
	maxUnix = 253402300799
)

var pow10 = [...]int{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// civil returns the proleptic Gregorian date of the day that is days after 1970-01-01, days >=
// -719528 (0000-01-01), in a few dozen instructions where Time.Date costs a few hundred. It is
// Howard Hinnant's civil_from_days: the year is counted from March, so that February's leap day
// falls at a year's end, in eras of 400 years (146,097 days).
func civil(days int64) (year, month, day int) {
	z := days + 719468                                     // days since 0000-03-01
	era := (z+146097)/146097 - 1                           // floor division: z >= -60
	doe := int(z - era*146097)                             // day of the era, 0 to 146,096
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of the era, 0 to 399
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of the year from March 1, 0 to 365
	mp := (5*doy + 2) / 153                                // month from March, 0 to 11
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	year = yoe + int(era)*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

const twoDigits = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// put2 writes v, 0 to 99, as two digits at b[0:2].
func put2(b []byte, v int) {
	b[0], b[1] = twoDigits[2*v], twoDigits[2*v+1]
}

// put4 writes v, 0 to 9999, as four digits at b[0:4].
func put4(b []byte, v int) {
	put2(b, v/100)
	put2(b[2:], v%100)
}
