package dialect

import (
	"errors"
	"strings"
)

// PermissionDenied reports whether err means the database refused a statement because the
// connection's user lacks a privilege (or, for SQLite, because the database is read-only). It
// matches only errors that say so unambiguously, and imports no driver: it inspects the error
// through interfaces and text, as Retryable does.
func (d Dialect) PermissionDenied(err error) bool {
	if err == nil || d.Errors.PermissionDenied == nil {
		return false
	}
	return d.Errors.PermissionDenied(err)
}

// postgresPermissionDenied matches SQLSTATE 42501, insufficient_privilege: "permission denied
// for schema/table ..." and "must be owner of table ...".
func postgresPermissionDenied(err error) bool {
	var e sqlStater
	return errors.As(err, &e) && e.SQLState() == "42501"
}

// mysqlPermissionDenied matches ER_DBACCESS_DENIED_ERROR (1044), ER_TABLEACCESS_DENIED_ERROR
// (1142: "CREATE command denied to user ..."), ER_COLUMNACCESS_DENIED_ERROR (1143) and
// ER_SPECIFIC_ACCESS_DENIED_ERROR (1227). 1045, a refused login, is about credentials, not
// privileges, and is not matched.
func mysqlPermissionDenied(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		for _, code := range []string{"1044", "1142", "1143", "1227"} {
			if msg := err.Error(); strings.HasPrefix(msg, "Error "+code+" ") || strings.HasPrefix(msg, "Error "+code+":") {
				return true
			}
		}
	}
	return false
}

// sqlServerPermissionDenied matches 229 (a permission denied on an object), 230 (on a column),
// 262 ("CREATE TABLE permission denied in database ...") and 300 (a permission denied on a
// server or database object). Errors that may mean either "missing" or "not permitted", such
// as 1088 and 2760, are not matched.
func sqlServerPermissionDenied(err error) bool {
	var e sqlErrorNumberer
	if !errors.As(err, &e) {
		return false
	}
	switch e.SQLErrorNumber() {
	case 229, 230, 262, 300:
		return true
	}
	return false
}

// sqliteReadOnly matches SQLITE_READONLY, "attempt to write a readonly database": the file was
// opened read-only (mode=ro) or the process may not write it or its directory, SQLite's
// nearest thing to a missing privilege. The drivers' error types share no accessor for the
// code, so the stable text of that code is matched, in each driver's wording (see sqliteBusy).
func sqliteReadOnly(err error) bool {
	return inChain(err, func(err error) bool {
		return strings.HasPrefix(sqliteMessage(err), "attempt to write a readonly database")
	})
}
