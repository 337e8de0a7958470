package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	d, err := readFile("testdata/bench.txt")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Intel(R) Xeon(R) Processor, GOMAXPROCS 2, linux/amd64"; d.machine != want {
		t.Errorf("machine = %q, want %q", d.machine, want)
	}
	if !strings.HasPrefix(d.command, "go test -p 1 ") {
		t.Errorf("command = %q, want the file's command: line", d.command)
	}
	// mysqlstore's Find at par=1 ran twice, the second run at twice the time: the median is
	// their mean.
	i := slices.IndexFunc(d.results, func(r result) bool {
		return r.pkg == "mysqlstore" && r.base == "Find" && r.keys["par"] == "1" && r.keys["impl"] == "scsql"
	})
	if i < 0 {
		t.Fatalf("no mysqlstore Find par=1 impl=scsql among %d results", len(d.results))
	}
	if got, want := d.results[i].values["sec/op"], 1.5*49643e-9; !near(got, want) {
		t.Errorf("median sec/op = %g, want %g", got, want)
	}
}

func TestReadRejects(t *testing.T) {
	for name, in := range map[string]string{
		"no results": "goos: linux\nsome log\n",
		"malformed":  "BenchmarkFind-2 \t 10 \t abc ns/op\n",
	} {
		if _, err := read(strings.NewReader(in), name); err == nil {
			t.Errorf("%s: read succeeded, want an error", name)
		}
	}
}

func TestCharts(t *testing.T) {
	dir := t.TempDir()
	files, err := run("testdata/bench.txt", "testdata/curve.txt", dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	for _, want := range []string{
		"throughput-find-512.svg", "throughput-commit-512.svg",
		"curve-find-latency-512.svg", "curve-commit-latency-16384.svg", "curve-throughput-512.svg",
		"curve-purge.svg", "curve-foreach-memory.svg",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("%s not written; wrote %v", want, names)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(data, new(struct{ XMLName xml.Name })); err != nil {
			t.Errorf("%s is not XML: %v", f, err)
		}
		// Every chart names the machine and the command that measured it.
		for _, want := range []string{"GOMAXPROCS 2", "linux/amd64", "measured by: go test "} {
			if !strings.Contains(string(data), want) {
				t.Errorf("%s does not say %q", filepath.Base(f), want)
			}
		}
	}
}

func TestNothingToDraw(t *testing.T) {
	if _, err := run("", "", t.TempDir()); err == nil {
		t.Error("run with no input succeeded, want an error")
	}
	if _, err := run("testdata/missing.txt", "", t.TempDir()); err == nil {
		t.Error("run with a missing file succeeded, want an error")
	}
}

func near(a, b float64) bool { return a > b*0.999 && a < b*1.001 }

func TestShort(t *testing.T) {
	for v, want := range map[float64]string{10: "10", 0.1: "0.1", 1000: "1k", 10_000: "10k", 1e6: "1M", 1e7: "10M", 1500: "1500", 2e9: "2G"} {
		if got := short(v); got != want {
			t.Errorf("short(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	if got, want := wrap("aa bb cc dddd e", 5), "aa bb\ncc\ndddd\ne"; got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}
