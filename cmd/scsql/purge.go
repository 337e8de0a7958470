package main

import (
	"io"

	"github.com/peterbourgon/ff/v3/ffcli"
)

// purgeCommand deletes expired sessions now (purge.go is being written).
func purgeCommand(stdout, stderr io.Writer) *ffcli.Command {
	var g globalFlags
	fs := newFlagSet("purge", stderr)
	g.register(fs)
	return &ffcli.Command{
		Name:       "purge",
		ShortUsage: "scsql purge [flags]",
		ShortHelp:  "delete expired sessions now, with the library's cleanup lock",
		FlagSet:    fs,
		Options:    envOptions,
	}
}
