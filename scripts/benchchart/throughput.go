package main

import (
	"fmt"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// throughputOps are the operations of the throughput charts: a benchmark and which of its
// cases to draw.
var throughputOps = []struct {
	base, title, file string
	keep              func(result) bool
}{
	{"Find", "Find", "find", func(result) bool { return true }},
	{"Commit", "Commit (update)", "commit", func(r result) bool { return r.keys["op"] == "update" }},
}

// throughputCharts draws, for Find and Commit and each payload in d (the output of `make
// bench`), the operations per second of each implementation (scsql, scs, floor) per backend
// and parallelism, and returns the files written.
func throughputCharts(d *dataset, dir string) ([]string, error) {
	var files []string
	for _, op := range throughputOps {
		var payloads []string
		for _, r := range d.results {
			if r.base == op.base && op.keep(r) && !slices.Contains(payloads, r.keys["payload"]) {
				payloads = append(payloads, r.keys["payload"])
			}
		}
		for _, payload := range payloads {
			path, err := throughputChart(d, dir, op.base, op.title, op.file, payload, op.keep)
			if err != nil {
				return nil, err
			}
			files = append(files, path)
		}
	}
	return files, nil
}

func throughputChart(d *dataset, dir, base, title, file, payload string, keep func(result) bool) (string, error) {
	var (
		cases []string // backend and parallelism, the x axis
		impls []string
		ops   = map[string]map[string]float64{} // impl → case → operations per second
	)
	for _, r := range d.results {
		if r.base != base || !keep(r) || r.keys["payload"] != payload {
			continue
		}
		secs, ok := r.values["sec/op"]
		if !ok || secs <= 0 {
			return "", fmt.Errorf("%s: %s %s has no time per operation", d.name, r.pkg, base)
		}
		backend := r.pkg
		if drv := r.keys["driver"]; drv != "" {
			backend += " " + drv
		}
		c := backend + "\npar=" + r.keys["par"]
		if !slices.Contains(cases, c) {
			cases = append(cases, c)
		}
		impl := r.keys["impl"]
		if ops[impl] == nil {
			impls = append(impls, impl)
			ops[impl] = map[string]float64{}
		}
		ops[impl][c] = 1 / secs
	}
	p := newPlot(fmt.Sprintf("%s throughput, payload %s B: scsql, scs's own store and the floor (one hand-written prepared statement)", title, payload), d)
	p.Y.Label.Text = "operations per second (median of the runs)"
	p.NominalX(cases...)
	p.X.Tick.Label.Font.Size = vg.Points(7)
	// The categories share about 90% of the width; each gets its bars and a bar's width of gap.
	width := chartWidth * 9 / 10 / vg.Length(len(cases)*(len(impls)+1))
	for i, impl := range impls {
		vals := make(plotter.Values, len(cases))
		for j, c := range cases {
			vals[j] = ops[impl][c] // 0 where this implementation did not run
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return "", err
		}
		bars.LineStyle.Width = 0
		bars.Color = plotutil.Color(i)
		bars.Offset = width * vg.Length(2*i-len(impls)+1) / 2
		p.Add(bars)
		p.Legend.Add(impl, bars)
	}
	p.Y.Min, p.Y.Max = 0, p.Y.Max*1.15 // room for the legend
	p.Y.Tick.Marker = shortTicks{}
	return save(p, dir, "throughput-"+file+"-"+payload+".svg")
}

// number returns s as a number, or false.
func number(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// shortTicks are plot.DefaultTicks labelled 50k, 1M, ... rather than 50000.00.
type shortTicks struct{}

func (shortTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = short(t.Value)
		}
	}
	return ticks
}
