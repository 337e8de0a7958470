package inspect

import (
	"encoding/json"
	"fmt"
	"io"
)

// Report is the result of a check as `scsql check --json` writes it: the table as read, the
// worst severity, and every finding. Its JSON field names are stable; fields may be added.
type Report struct {
	*Table
	Status   Severity  `json:"status"`
	Findings []Finding `json:"findings"`
	// CheckedAt is the application's clock at the check, RFC 3339 in UTC.
	CheckedAt string `json:"checked_at"`
}

// NewReport makes the report of a check.
func NewReport(t *Table, fs []Finding, opt Options) Report {
	if fs == nil {
		fs = []Finding{}
	}
	return Report{Table: t, Status: Worst(fs), Findings: fs, CheckedAt: opt.Now.UTC().Format("2006-01-02T15:04:05.000Z07:00")}
}

// WriteJSON writes r as one indented JSON object.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes r for people: one line per finding, then the verdict.
func (r Report) WriteText(w io.Writer) error {
	for _, f := range r.Findings {
		if _, err := fmt.Fprintln(w, f); err != nil {
			return err
		}
	}
	verdict := map[Severity]string{OK: "healthy", Warning: "warnings", Problem: "problems"}[r.Status]
	_, err := fmt.Fprintf(w, "%s: %s\n", r.Name, verdict)
	return err
}
