package main

import (
	"context"
	"fmt"
	"io"

	"github.com/peterbourgon/ff/v3"
	"github.com/peterbourgon/ff/v3/ffcli"
)

// schemaCommand prints the DDL the library runs (Store.CreateTable), or scs's with --scs.
func schemaCommand(stdout, stderr io.Writer) *ffcli.Command {
	var g globalFlags
	fs := newFlagSet("schema", stderr)
	g.register(fs)
	scs := fs.Bool("scs", false, "print the schema scs documents for its own store instead")
	return &ffcli.Command{
		Name:       "schema",
		ShortUsage: "scsql schema [--driver NAME | --dsn DSN] [--table NAME] [--scs]",
		ShortHelp:  "print the recommended CREATE TABLE and index for a database",
		LongHelp: `Print the statements that create the recommended session table and its
expiry index: the very statements Store.CreateTable runs. With --scs, print
the schema scs documents for its own store on that database instead.

schema connects to nothing: --driver alone is enough, and a --dsn only names
the database.

Example:
  scsql schema --driver postgres --table auth.sessions | psql app`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usageError("schema: unexpected argument %q", args[0])
			}
			return printSchema(stdout, &g, *scs)
		},
	}
}

// envOptions read every flag also from SCSQL_<FLAG> (SCSQL_DSN, SCSQL_TABLE, ...).
var envOptions = []ff.Option{ff.WithEnvVarPrefix("SCSQL")}

func printSchema(w io.Writer, g *globalFlags, scs bool) error {
	driver, d, err := g.resolve()
	if err != nil {
		return err
	}
	st, err := d.Statements(g.table)
	if err != nil {
		return err
	}
	stmts := st.CreateTable
	if scs {
		stmts = st.SCSCreateTable
		if len(stmts) == 0 {
			return usageError("scs documents no schema for %s", driver)
		}
	}
	for _, s := range stmts {
		if _, err := fmt.Fprintf(w, "%s;\n", s); err != nil {
			return err
		}
	}
	return nil
}
