package sqlstore

import (
	"errors"
	"fmt"
)

// MaxTokenLength is the longest token a Store accepts, in bytes. scs's tokens are 43 bytes; the
// recommended MySQL schema keeps tokens in VARBINARY(255).
const MaxTokenLength = 255

// ErrInvalidToken is wrapped by the error Commit returns for a token the store does not accept:
// an empty one, one longer than MaxTokenLength, or one with a byte outside printable ASCII
// (0x21 to 0x7E). Such a token cannot name a stored session, so Find reports it not found and
// Delete does nothing, without asking the database.
//
// The rule keeps every database's answer the same. Columns that ignore case, accents or
// trailing spaces (scs's MySQL CHAR(43), SQL Server's default collation), that reject invalid
// UTF-8 or NUL (PostgreSQL TEXT) or that truncate long values (MySQL outside strict mode) would
// otherwise make two such tokens one session, or echo the token's bytes in an error. scs's own
// tokens are 43 bytes of base64url, well inside the rule.
var ErrInvalidToken = errors.New("sqlstore: invalid session token")

// checkToken returns nil if token is acceptable and otherwise an error wrapping ErrInvalidToken
// that says why, without the token's value: tokens are credentials.
func checkToken(token string) error {
	switch {
	case token == "":
		return fmt.Errorf("%w: token is empty", ErrInvalidToken)
	case len(token) > MaxTokenLength:
		return fmt.Errorf("%w: token is %d bytes, more than %d", ErrInvalidToken, len(token), MaxTokenLength)
	}
	if i := unprintable(token); i >= 0 {
		return fmt.Errorf("%w: token byte %d is not printable ASCII", ErrInvalidToken, i)
	}
	return nil
}

// unprintable returns the index of s's first byte outside printable ASCII (0x21 to 0x7E), or
// -1. Every Find, Commit and Delete checks its token, so it tests eight bytes at a time: a
// third of the instructions of a loop over the bytes, for scs's 43.
func unprintable(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if !printable8(s[i : i+8]) {
			return unprintableFrom(s, i)
		}
	}
	// The last few bytes: the last eight, overlapping the ones already tested.
	if i < len(s) && len(s) >= 8 && printable8(s[len(s)-8:]) {
		return -1
	}
	return unprintableFrom(s, i)
}

// printable8 reports whether all eight bytes of b are printable ASCII.
func printable8(b string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	_ = b[7] // one bounds check, not eight
	w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	// A byte of 0x80 or more has its top bit set in w; below that, a byte under 0x21 borrows
	// into its top bit in w-0x21…21 (and not in w), and 0x7F carries into it in w+0x01…01.
	// Carries and borrows cross bytes only from a byte already caught.
	return ((w-0x21*ones)&^w|(w+ones)|w)&highs == 0
}

// unprintableFrom is unprintable, one byte at a time from s[i].
func unprintableFrom(s string, i int) int {
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7e {
			return i
		}
	}
	return -1
}
