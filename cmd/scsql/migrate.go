package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/scsql/scsql/cmd/scsql/internal/inspect"
)

// migrateCommand prints, or with --apply runs, the changes that move a session table to the
// recommended schema.
func migrateCommand(stdout, stderr io.Writer) *ffcli.Command {
	var g checkFlags
	fs := newFlagSet("migrate", stderr)
	g.register(fs)
	fs.BoolVar(&g.principal, "principal", false, "also add the principal column and its index (Config.Principal)")
	apply := fs.Bool("apply", false, "run the statements, after saying what each locks and how long it may take")
	return &ffcli.Command{
		Name:       "migrate",
		ShortUsage: "scsql migrate [--dsn DSN] [--table NAME] [--principal] [--apply]",
		ShortHelp:  "print (or --apply) the changes from scs's or GORM's table to the recommended one",
		LongHelp: `Print the statements that move the session table to the recommended schema,
each with what it locks and how long it may take on this table's size:
MySQL/MariaDB's BLOB data to MEDIUMBLOB and TIMESTAMP(6) expiry to DATETIME(6)
in one table copy, keeping every expiry as the same UTC instant whatever the
session time zone (the statements set time_zone to UTC on their connection);
a missing expiry index (PostgreSQL: CREATE INDEX CONCURRENTLY, which does not
block writes); with --principal, the principal column and its index. A table
that needs nothing prints so and exits 0.

With --apply, migrate runs them, on one connection, outside a transaction.
The library's stores and scs's keep working throughout; on MySQL/MariaDB
their writes wait while the table is copied. The library's stores read the
column types once: restart the application afterwards so that they use the
new ones.

Exit status: 0 done or nothing to do, 3 failed.

Example:
  scsql migrate --dsn 'root@tcp(127.0.0.1:3306)/app'            # review
  scsql migrate --dsn 'root@tcp(127.0.0.1:3306)/app' --apply    # run`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usageError("migrate: unexpected argument %q", args[0])
			}
			t, err := g.open(ctx)
			if err != nil {
				return err
			}
			defer t.close()
			opt := inspect.Options{Table: t.table, Now: time.Now(), Principal: g.principal, StaleAfter: time.Hour}
			tb, _, err := inspect.Inspect(ctx, t.db, t.dialect, opt)
			if err != nil {
				return t.redact(err)
			}
			steps, err := inspect.Plan(tb, g.principal)
			if err != nil {
				return t.redact(err)
			}
			if len(steps) == 0 {
				_, err := fmt.Fprintf(stdout, "-- %s has the recommended schema (%s): nothing to do\n", t.table, tb.Schema)
				return err
			}
			describe := func(s inspect.Step) {
				fmt.Fprintf(stdout, "-- %s\n-- locks: %s\n-- takes: %s\n%s;\n", s.What, s.Locks, inspect.Estimate(s, tb), strings.Join(s.SQL, ";\n"))
			}
			if !*apply {
				for _, s := range steps {
					describe(s)
				}
				return nil
			}
			err = inspect.Apply(ctx, t.db, steps, func(s inspect.Step) {
				describe(s)
				fmt.Fprintln(stdout, "-- running…")
			})
			if err != nil {
				return t.redact(err)
			}
			_, err = fmt.Fprintf(stdout, "-- done: restart the application's stores, which read the column types once\n")
			return err
		},
	}
}
