// Package inspect reads a live session table through the dialect's catalogue queries and
// judges it: the findings of `scsql check` and the changes of `scsql migrate`. It runs only
// SELECTs, except Apply, which runs a migration's statements.
package inspect

import (
	"fmt"
	"strings"
)

// Severity grades a finding.
type Severity int

// The severities, from good to bad; a report's exit status is its worst finding's.
const (
	OK Severity = iota
	Warning
	Problem
)

// String returns "ok", "warning" or "problem".
func (s Severity) String() string {
	switch s {
	case OK:
		return "ok"
	case Warning:
		return "warning"
	case Problem:
		return "problem"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText makes a severity its String in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one line of a check: what was found and, unless all is well, what to do.
type Finding struct {
	// Check names what was checked, a stable identifier for monitoring: see the Check
	// constants.
	Check    string   `json:"check"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Action says what to do; empty when nothing needs doing.
	Action string `json:"action,omitempty"`
}

// The checks, as Finding.Check names them.
const (
	CheckTable       = "table"
	CheckColumns     = "columns"
	CheckSchema      = "schema"
	CheckExpiryIndex = "expiry_index"
	CheckDataLimit   = "data_limit"
	CheckExpiryRange = "expiry_range"
	CheckTextExpiry  = "text_expiry"
	CheckPrincipal   = "principal"
	CheckRows        = "rows"
	CheckExpired     = "expired_rows"
	CheckSize        = "size"
	CheckLock        = "cleanup_lock"
)

// String formats f as one line: severity, check, message and action.
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %s: %s", f.Severity, f.Check, f.Message)
	if f.Action != "" {
		b.WriteString(" → " + f.Action)
	}
	return b.String()
}

// Worst returns the most severe of the findings' severities, OK for none.
func Worst(fs []Finding) Severity {
	w := OK
	for _, f := range fs {
		w = max(w, f.Severity)
	}
	return w
}
