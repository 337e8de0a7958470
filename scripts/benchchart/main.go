// Command benchchart draws SVG charts from saved Go benchmark output: the throughput of scsql,
// scs's own stores and the floor per backend (from `make bench`'s bench.txt), and the cost curve
// (from `make bench-curve`'s bench-curve.txt). Every number on a chart comes from the files;
// each chart names the machine and the command that measured it.
//
//	benchchart -bench bench.txt -curve bench-curve.txt -out docs/charts
//
// `make bench-chart` runs it. An input left empty is not drawn.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

func main() {
	bench := flag.String("bench", "", "output of `make bench` (Find and Commit throughput)")
	curve := flag.String("curve", "", "output of `make bench-curve` (the cost curve)")
	out := flag.String("out", "docs/charts", "directory the SVG files are written to")
	flag.Parse()
	files, err := run(*bench, *curve, *out)
	for _, f := range files {
		fmt.Println(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchchart:", err)
		os.Exit(1)
	}
}

// run draws the charts of the files named (either may be "") into dir and returns the files
// written.
func run(bench, curve, dir string) ([]string, error) {
	if bench == "" && curve == "" {
		return nil, errors.New("nothing to draw: name a -bench or a -curve file")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, in := range []struct {
		path string
		draw func(*dataset, string) ([]string, error)
	}{{bench, throughputCharts}, {curve, curveCharts}} {
		if in.path == "" {
			continue
		}
		d, err := readFile(in.path)
		if err != nil {
			return files, err
		}
		written, err := in.draw(d, dir)
		files = append(files, written...)
		if err != nil {
			return files, err
		}
	}
	return files, nil
}
