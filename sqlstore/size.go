package sqlstore

import (
	"errors"
	"fmt"
	"time"

	"github.com/scsql/scsql/dialect"
)

// ErrDataTooLarge is wrapped by the error Commit returns when the session's data is larger
// than Config.MaxDataSize, than the table's data column holds (MySQL's BLOB: 65,535 bytes;
// MEDIUMBLOB: 16 MiB), or than the database accepts. Nothing is written: the session keeps
// its previous data. Data is never truncated, whatever the server's SQL mode.
var ErrDataTooLarge = errors.New("sqlstore: session data too large")

// ErrExpiryOutOfRange is wrapped by the error Commit returns when the expiry is outside what
// the table's expiry column holds, for instance after 2038-01-19 03:14:07 UTC in MySQL's
// TIMESTAMP (scs's MySQL schema; the recommended DATETIME(6) holds up to 9999). Nothing is
// written: the session keeps its previous data and expiry.
var ErrExpiryOutOfRange = errors.New("sqlstore: expiry out of the column's range")

// checkCommit returns an error, before anything is written, when the table cannot hold what
// Commit was given exactly. Messages give sizes and times, never the token.
func (s *Store) checkCommit(st *dialect.Statements, token string, data []byte, expiry time.Time) error {
	if st.MaxToken > 0 && int64(len(token)) > st.MaxToken {
		return fmt.Errorf("%w: token is %d bytes, more than the token column holds (%d)", ErrInvalidToken, len(token), st.MaxToken)
	}
	if st.MaxData > 0 && int64(len(data)) > st.MaxData {
		return fmt.Errorf("%w: data is %d bytes, more than the data column holds (%d)", ErrDataTooLarge, len(data), st.MaxData)
	}
	if (!st.ExpiryMin.IsZero() && expiry.Before(st.ExpiryMin)) || (!st.ExpiryMax.IsZero() && expiry.After(st.ExpiryMax)) {
		const layout = "2006-01-02 15:04:05.999999 UTC"
		return fmt.Errorf("%w: expiry %s is outside what the %s column holds (%s to %s)", ErrExpiryOutOfRange,
			expiry.UTC().Format(layout), st.ExpiryColumn, st.ExpiryMin.Format(layout), st.ExpiryMax.Format(layout))
	}
	return nil
}

// checkDataSize enforces Config.MaxDataSize, before any I/O.
func (s *Store) checkDataSize(data []byte) error {
	if s.maxData > 0 && len(data) > s.maxData {
		return fmt.Errorf("%w: data is %d bytes, more than Config.MaxDataSize (%d)", ErrDataTooLarge, len(data), s.maxData)
	}
	return nil
}
