package dialect

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidTableName is wrapped by every error about a table name that a dialect cannot accept.
var ErrInvalidTableName = errors.New("invalid table name")

type tableName struct{ schema, table string }

// canonical is the name as the database stores it, for keys that must agree across processes.
func (n tableName) canonical() string {
	if n.schema == "" {
		return n.table
	}
	return n.schema + "." + n.table
}

// parse accepts "table" or "schema.table" where each part is an ASCII letter or underscore
// followed by letters, digits or underscores. Anything else (quotes, spaces, comments, unicode
// look-alikes, a third part) is rejected rather than escaped: a session table needs no such
// name, and a narrow rule cannot be talked around.
func (r Identifiers) parse(name string) (tableName, error) {
	if name == "" {
		return tableName{}, fmt.Errorf("%w: empty", ErrInvalidTableName)
	}
	parts := strings.Split(name, ".")
	if len(parts) > 2 {
		return tableName{}, fmt.Errorf("%w %q: want table or schema.table, got %d parts", ErrInvalidTableName, name, len(parts))
	}
	for _, p := range parts {
		if err := validPart(p); err != nil {
			return tableName{}, fmt.Errorf("%w %q: %v", ErrInvalidTableName, name, err)
		}
		if r.Fold != nil {
			p = r.Fold(p)
		}
		if len(p) > r.MaxLen {
			return tableName{}, fmt.Errorf("%w %q: part %q is longer than %d characters", ErrInvalidTableName, name, p, r.MaxLen)
		}
	}
	n := tableName{table: parts[len(parts)-1]}
	if len(parts) == 2 {
		n.schema = parts[0]
	}
	if r.Fold != nil {
		n.schema, n.table = r.Fold(n.schema), r.Fold(n.table)
	}
	// The expiry index is named after the table; the database must keep that name whole too.
	if len(n.table)+len(ExpiryIndexSuffix) > r.MaxLen {
		return tableName{}, fmt.Errorf("%w %q: the table part must be at most %d characters so that its index name %q fits",
			ErrInvalidTableName, name, r.MaxLen-len(ExpiryIndexSuffix), n.table+ExpiryIndexSuffix)
	}
	return n, nil
}

func validPart(p string) error {
	if p == "" {
		return errors.New("empty part")
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		case '0' <= c && c <= '9':
			return fmt.Errorf("part %q starts with a digit", p)
		default:
			return fmt.Errorf("part %q has a character other than ASCII letters, digits and underscore at byte %d", p, i)
		}
	}
	return nil
}

// QuoteWith returns a quote function for Identifiers.Quote that surrounds a part with open and
// close. Validated parts hold no quote characters, so nothing needs escaping.
func QuoteWith(open, close string) func(string) string {
	return func(part string) string { return open + part + close }
}
