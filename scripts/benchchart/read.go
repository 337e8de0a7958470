package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// result is the median of one benchmark's runs in one package.
type result struct {
	// pkg is the package's last path element (mysqlstore, postgresstore, ...).
	pkg string
	// base is the benchmark's name without "Benchmark" and its sub-benchmark levels (Find).
	base string
	// keys are the sub-benchmark levels of the form key=value (payload=512, impl=scsql, ...).
	keys map[string]string
	// values maps a unit, tidied as benchstat tidies it (ns/op becomes sec/op, p50-ns
	// p50-sec), to the median of the runs.
	values map[string]float64
}

// dataset is one benchmark output file: its results and what it says of where it ran.
type dataset struct {
	name    string
	results []result
	// machine names the CPU, GOMAXPROCS and the operating system, from the header lines.
	machine string
	// command is the value of the file's "command:" line, which the Makefile's targets write
	// first, or "" when the file has none.
	command string
}

// readFile reads the Go benchmark output in the file at path.
func readFile(path string) (*dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path)
}

// read reads Go benchmark output (the format `go test -bench` prints) from r, named name in
// errors. Lines that are not results, such as logs, are ignored; a malformed result line is an
// error.
func read(r io.Reader, name string) (*dataset, error) {
	type group struct {
		result
		runs map[string][]float64
	}
	var (
		groups   = map[string]*group{}
		order    []string
		cpus     = map[string]bool{}
		systems  = map[string]bool{}
		procs    = map[string]bool{}
		commands = map[string]bool{}
	)
	br := benchfmt.NewReader(r, name)
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.Result:
			cpus[rec.GetConfig("cpu")] = true
			systems[rec.GetConfig("goos")+"/"+rec.GetConfig("goarch")] = true
			commands[rec.GetConfig("command")] = true
			pkg := rec.GetConfig("pkg")
			base, parts := rec.Name.Parts()
			keys := map[string]string{}
			for _, p := range parts {
				if p[0] == '-' {
					procs[string(p[1:])] = true
					continue
				}
				if k, v, ok := bytes.Cut(p[1:], []byte("=")); ok {
					keys[string(k)] = string(v)
				}
			}
			id := pkg + " " + string(bytes.TrimSuffix(rec.Name.Full(), procsSuffix(parts)))
			g, ok := groups[id]
			if !ok {
				g = &group{result: result{pkg: pkg[strings.LastIndex(pkg, "/")+1:], base: string(base), keys: keys}, runs: map[string][]float64{}}
				groups[id] = g
				order = append(order, id)
			}
			for _, v := range rec.Values {
				g.runs[v.Unit] = append(g.runs[v.Unit], v.Value)
			}
		}
	}
	if err := br.Err(); err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%s: no benchmark results", name)
	}
	d := &dataset{name: name}
	for _, id := range order {
		g := groups[id]
		g.values = map[string]float64{}
		for unit, runs := range g.runs {
			g.values[unit] = median(runs)
		}
		d.results = append(d.results, g.result)
	}
	d.machine = fmt.Sprintf("%s, GOMAXPROCS %s, %s", joined(cpus), joined(procs), joined(systems))
	d.command = joined(commands)
	return d, nil
}

// procsSuffix returns the "-N" GOMAXPROCS part of a name's parts, or nil.
func procsSuffix(parts [][]byte) []byte {
	if n := len(parts); n > 0 && parts[n-1][0] == '-' {
		return parts[n-1]
	}
	return nil
}

// joined returns the non-empty members of set, sorted, separated by " + ".
func joined(set map[string]bool) string {
	var s []string
	for k := range set {
		if k = strings.TrimSpace(k); k != "" && k != "/" {
			s = append(s, k)
		}
	}
	sort.Strings(s)
	return strings.Join(s, " + ")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}
