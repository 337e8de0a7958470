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
	for i := 0; i < len(token); i++ {
		if c := token[i]; c < 0x21 || c > 0x7e {
			return fmt.Errorf("%w: token byte %d is not printable ASCII", ErrInvalidToken, i)
		}
	}
	return nil
}
