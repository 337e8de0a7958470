package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/peterbourgon/ff/v3/ffcli"
)

// Exit statuses; doc.go and the root help list them.
const (
	exitOK          = 0   // done; check: healthy
	exitWarnings    = 1   // check: warnings only
	exitProblems    = 2   // check: problems
	exitFailed      = 3   // an error: cannot connect, a statement failed
	exitSkipped     = 4   // purge: another process held the cleanup lock, nothing deleted
	exitIncomplete  = 5   // purge: stopped at --max-duration with expired sessions left
	exitUsage       = 64  // bad flags or arguments (sysexits' EX_USAGE)
	exitInterrupted = 130 // SIGINT or SIGTERM: stopped, cleanup lock released
)

// statusError is an error that ends the command with its own exit status. A nil err exits
// with code and prints nothing more.
type statusError struct {
	code int
	err  error
}

func (e *statusError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *statusError) Unwrap() error { return e.err }

// withStatus makes err end the command with code.
func withStatus(code int, err error) error { return &statusError{code: code, err: err} }

// usageError is a mistake in the command line: exit status 64, with a hint to read the help.
func usageError(format string, args ...any) error {
	return withStatus(exitUsage, fmt.Errorf(format, args...))
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// execute runs the command line args and returns the exit status.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := rootCommand(stdout, stderr)
	err := root.Parse(args)
	if err != nil && strings.HasPrefix(err.Error(), "error parsing commandline arguments") {
		err = parseError{err} // the flag package has printed it, with the usage
	}
	if err == nil {
		err = root.Run(ctx)
	}
	return report(err, stderr)
}

// report prints err, if it has something to say, and returns its exit status.
func report(err error, stderr io.Writer) int {
	var se *statusError
	var noExec ffcli.NoExecError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK // the usage is printed
	case errors.As(err, &noExec):
		fmt.Fprintln(stderr, noExec.Command.UsageFunc(noExec.Command))
		return exitUsage
	case errors.As(err, &se):
		if se.err != nil {
			fmt.Fprintf(stderr, "scsql: %v\n", se.err)
			if se.code == exitUsage {
				fmt.Fprintln(stderr, "Run 'scsql help' for usage.")
			}
		}
		return se.code
	case isParseError(err):
		// The flag package has printed the error and the usage.
		return exitUsage
	}
	fmt.Fprintf(stderr, "scsql: %v\n", err)
	return exitFailed
}

// parseError marks an error of the flag package, which has printed it with the usage.
type parseError struct{ err error }

func (e parseError) Error() string { return e.err.Error() }
func (e parseError) Unwrap() error { return e.err }

func isParseError(err error) bool {
	var pe parseError
	return errors.As(err, &pe)
}

// rootCommand is the command tree. Each subcommand registers the connection flags itself, so
// they may follow the subcommand's name: scsql purge --dsn ... .
func rootCommand(stdout, stderr io.Writer) *ffcli.Command {
	root := &ffcli.Command{
		Name:       "scsql",
		ShortUsage: "scsql <command> [flags]",
		LongHelp:   rootHelp,
		FlagSet:    newFlagSet("scsql", stderr),
	}
	// Reached only without a known command: ffcli runs a subcommand by its name.
	root.Exec = func(_ context.Context, args []string) error {
		if len(args) == 0 {
			fmt.Fprintln(stderr, usage(root))
			return withStatus(exitUsage, nil)
		}
		return usageError("unknown command %q: use schema, check, migrate, purge or help", args[0])
	}
	subcommands := []*ffcli.Command{
		schemaCommand(stdout, stderr),
		checkCommand(stdout, stderr),
		migrateCommand(stdout, stderr),
		purgeCommand(stdout, stderr),
	}
	root.Subcommands = append(subcommands, helpCommand(root, stdout))
	return root
}

const rootHelp = `scsql inspects, migrates and purges the session table of
github.com/alexedwards/scs stores made with scsql or scs.

Every command takes the connection flags:
  --dsn     the database, as its driver takes it (or SCSQL_DSN, which keeps
            a password out of ps and crontabs)
  --driver  mysql, postgres, pgx, sqlite or sqlserver; recognised from the
            DSN when left out (or SCSQL_DRIVER)
  --table   the session table, schema-qualified if need be (default
            sessions; or SCSQL_TABLE)

Exit status: 0 done (check: healthy); 1 check found warnings; 2 check found
problems; 3 failed (cannot connect, a statement failed); 4 purge skipped,
another process held the cleanup lock; 5 purge stopped at --max-duration
with expired sessions left; 64 usage error; 130 interrupted.

Examples:
  scsql schema --driver postgres --table auth.sessions
  SCSQL_DSN='postgres://app@db/app' scsql check --json
  scsql migrate --dsn 'root@tcp(db:3306)/app' --apply
  */10 * * * * SCSQL_DSN='postgres://app@db/app' scsql purge --max-duration 5m

Run 'scsql help <command>' or 'scsql <command> -h' for a command's flags
and an example. The full manual: go doc github.com/scsql/scsql/cmd/scsql.`

// helpCommand prints the root's usage, or a command's.
func helpCommand(root *ffcli.Command, stdout io.Writer) *ffcli.Command {
	return &ffcli.Command{
		Name:       "help",
		ShortUsage: "scsql help [command]",
		ShortHelp:  "show the help of scsql or of a command",
		LongHelp: `Show the help of scsql, or of the command named.

Example:
  scsql help purge`,
		FlagSet: newFlagSet("help", stdout),
		Exec: func(_ context.Context, args []string) error {
			if len(args) == 0 {
				fmt.Fprintln(stdout, usage(root))
				return nil
			}
			for _, c := range root.Subcommands {
				if c.Name == args[0] {
					fmt.Fprintln(stdout, usage(c))
					return nil
				}
			}
			return usageError("help: no command %q", args[0])
		},
	}
}

// usage is c's help text, ffcli's default layout.
func usage(c *ffcli.Command) string {
	if c.UsageFunc != nil {
		return c.UsageFunc(c)
	}
	return ffcli.DefaultUsageFunc(c)
}

// newFlagSet is a flag set that returns its errors rather than exiting, and prints them, and
// -h's usage, on w.
func newFlagSet(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}
