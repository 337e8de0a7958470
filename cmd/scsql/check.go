package main

import (
	"context"
	"io"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/scsql/scsql/cmd/scsql/internal/inspect"
)

// checkFlags are the flags check and migrate share.
type checkFlags struct {
	globalFlags
	principal bool
}

// checkCommand inspects a live session table and grades what it finds.
func checkCommand(stdout, stderr io.Writer) *ffcli.Command {
	var g checkFlags
	fs := newFlagSet("check", stderr)
	g.register(fs)
	fs.BoolVar(&g.principal, "principal", false, "the application keeps principals (Config.Principal): check the principal column")
	asJSON := fs.Bool("json", false, "write one JSON object (see doc.go) instead of lines")
	stale := fs.Duration("stale-after", time.Hour, "warn when the oldest expired session expired longer ago than this (no cleanup is running)")
	return &ffcli.Command{
		Name:       "check",
		ShortUsage: "scsql check [--dsn DSN] [--table NAME] [--principal] [--json] [--stale-after D]",
		ShortHelp:  "inspect a live session table: schema, index, limits, rows, cleanup",
		LongHelp: `Inspect the session table and print one line per finding, each graded ok,
warning or problem, with what to do about it: the table and its columns,
which schema it has (the recommended one, scs's or GORM's), the expiry index,
limits that will bite (MySQL's 64 KiB BLOB against the largest session stored
now, TIMESTAMP's 2038, SQLite's text expiry under GORM), the principal column
with --principal, live and expired rows and how long ago the oldest expired
row expired, the size on disk, and whether another process holds the cleanup
lock now. Expiry is judged by this machine's clock, as the application's store
judges it.

check only reads: it needs SELECT on the table and the catalogue views. A
query the user may not run becomes a warning naming the privilege it needs,
and check carries on. It counts rows and measures the largest session by
reading the whole table.

Exit status: 0 healthy, 1 warnings, 2 problems, 3 could not check.

Example:
  SCSQL_DSN='app@tcp(db:3306)/app' scsql check --table sessions --json`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usageError("check: unexpected argument %q", args[0])
			}
			t, err := g.open(ctx)
			if err != nil {
				return err
			}
			defer t.close()
			opt := inspect.Options{Table: t.table, Now: time.Now(), Principal: g.principal, StaleAfter: *stale}
			tb, findings, err := inspect.Inspect(ctx, t.db, t.dialect, opt)
			if err != nil {
				return t.redact(err)
			}
			r := inspect.NewReport(tb, findings, opt)
			if *asJSON {
				err = r.WriteJSON(stdout)
			} else {
				err = r.WriteText(stdout)
			}
			if err != nil {
				return err
			}
			switch r.Status {
			case inspect.Problem:
				return withStatus(exitProblems, nil)
			case inspect.Warning:
				return withStatus(exitWarnings, nil)
			}
			return nil
		},
	}
}
