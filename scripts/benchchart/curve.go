package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg/draw"
)

// curveBase is the cost curve's benchmark (internal/benchkit.CostCurve), as benchfmt names it: without "Benchmark".
const curveBase = "CostCurve"

// series is one line of a cost-curve chart: a value against the table's size.
type series struct {
	pkg, what string
	dashed    bool
	xys       plotter.XYs
}

// curveCharts draws the cost curve in d (the output of `make bench-curve`) and returns the files
// written: per payload, Find's and Commit's latencies (p50 and p99, one goroutine) and their
// throughput (the most goroutines measured); and across payloads, a purge's rows per second and
// ForEach's peak heap growth.
func curveCharts(d *dataset, dir string) ([]string, error) {
	var payloads, pars []string
	for _, r := range d.results {
		if r.base != curveBase {
			continue
		}
		if !slices.Contains(payloads, r.keys["payload"]) {
			payloads = append(payloads, r.keys["payload"])
		}
		if par := r.keys["par"]; par != "" && !slices.Contains(pars, par) {
			pars = append(pars, par)
		}
	}
	if len(payloads) == 0 {
		return nil, fmt.Errorf("%s: no %s results", d.name, curveBase)
	}
	slices.SortFunc(pars, func(a, b string) int { return cmp.Compare(atoi(a), atoi(b)) })
	one, most := pars[0], pars[len(pars)-1]
	var charts []struct {
		file, title, unit string
		lines             []series
	}
	add := func(file, title, unit string, lines []series) {
		charts = append(charts, struct {
			file, title, unit string
			lines             []series
		}{file, title, unit, lines})
	}
	for _, payload := range payloads {
		for _, op := range []string{"Find", "Commit"} {
			var lines []series
			for _, q := range []string{"p50", "p99"} {
				lines = append(lines, collect(d, q, q == "p99", func(r result) (float64, bool) {
					if r.keys["payload"] != payload || r.keys["op"] != op || r.keys["par"] != one {
						return 0, false
					}
					v, ok := r.values[q+"-sec"]
					return v * 1e6, ok
				})...)
			}
			add(fmt.Sprintf("curve-%s-latency-%s.svg", strings.ToLower(op), payload),
				fmt.Sprintf("%s latency by table size, payload %s B, par=%s (p50 solid, p99 dashed)", op, payload, one),
				"latency (µs)", lines)
		}
		var lines []series
		for _, op := range []string{"Find", "Commit"} {
			lines = append(lines, collect(d, op, op == "Commit", func(r result) (float64, bool) {
				if r.keys["payload"] != payload || r.keys["op"] != op || r.keys["par"] != most {
					return 0, false
				}
				v, ok := r.values["ops/s"]
				return v, ok
			})...)
		}
		add("curve-throughput-"+payload+".svg",
			fmt.Sprintf("Find (solid) and Commit (dashed) throughput by table size, payload %s B, par=%s", payload, most),
			"operations per second", lines)
	}
	for _, m := range []struct{ op, unit, file, title, label string }{
		{"Purge", "rows/s", "curve-purge.svg", "Store.Cleanup of the expired 2% by table size (no pause between batches)", "rows deleted per second"},
		{"ForEach", "peak-B", "curve-foreach-memory.svg", "ForEach: peak heap growth during one pass by table size", "peak heap growth (MiB)"},
	} {
		var lines []series
		for i, payload := range payloads {
			lines = append(lines, collect(d, "payload "+payload+" B", i > 0, func(r result) (float64, bool) {
				if r.keys["payload"] != payload || r.keys["op"] != m.op {
					return 0, false
				}
				v, ok := r.values[m.unit]
				if m.unit == "peak-B" {
					v /= 1 << 20
				}
				return v, ok
			})...)
		}
		add(m.file, m.title, m.label, lines)
	}

	var files []string
	for _, c := range charts {
		p := newPlot(c.title, d)
		p.X.Label.Text = "sessions in the table"
		p.Y.Label.Text = c.unit
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, shortLogTicks{}
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, shortLogTicks{}
		// One color per package, so that its lines (p50 and p99, say) read as a pair.
		var pkgs []string
		for _, s := range c.lines {
			if !slices.Contains(pkgs, s.pkg) {
				pkgs = append(pkgs, s.pkg)
			}
		}
		for _, s := range c.lines {
			l, pts, err := plotter.NewLinePoints(s.xys)
			if err != nil {
				return nil, fmt.Errorf("%s: %s %s: %w", c.file, s.pkg, s.what, err)
			}
			l.Color = plotutil.Color(slices.Index(pkgs, s.pkg))
			pts.Color, pts.Shape = l.Color, draw.CircleGlyph{}
			if s.dashed {
				l.Dashes = plotutil.Dashes(1)
			}
			p.Add(l, pts)
			p.Legend.Add(s.pkg+" "+s.what, l, pts)
		}
		// Room around the points, so that none sits on an axis; the legend goes above them.
		p.X.Min, p.X.Max = p.X.Min/2, p.X.Max*2
		p.Y.Min, p.Y.Max = p.Y.Min/2, p.Y.Max*8
		path, err := save(p, dir, c.file)
		if err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	return files, nil
}

// collect returns one series per package of the values value picks from d's cost-curve
// results, against the sessions in the table; what says which value it is.
func collect(d *dataset, what string, dashed bool, value func(result) (float64, bool)) []series {
	var out []series
	for _, r := range d.results {
		if r.base != curveBase {
			continue
		}
		v, ok := value(r)
		n, isNum := number(r.keys["sessions"])
		if !ok || !isNum || v <= 0 {
			continue // a log scale has no place for 0
		}
		i := slices.IndexFunc(out, func(s series) bool { return s.pkg == r.pkg })
		if i < 0 {
			out = append(out, series{pkg: r.pkg, what: what, dashed: dashed})
			i = len(out) - 1
		}
		out[i].xys = append(out[i].xys, plotter.XY{X: n, Y: v})
	}
	for _, s := range out {
		slices.SortFunc(s.xys, func(a, b plotter.XY) int { return cmp.Compare(a.X, b.X) })
	}
	return out
}

// atoi returns s as an integer, 0 when it is none.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// shortLogTicks are plot.LogTicks labelled 10k, 1M, ... rather than 10000, 1e+06.
type shortLogTicks struct{}

func (shortLogTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.LogTicks{Prec: -1}.Ticks(min, max)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = short(t.Value)
		}
	}
	return ticks
}

// short writes v with a k, M or G suffix when it is a whole number of thousands or more.
func short(v float64) string {
	for _, u := range []struct {
		suffix string
		size   float64
	}{{"G", 1e9}, {"M", 1e6}, {"k", 1e3}} {
		if v >= u.size && math.Mod(v, u.size) == 0 {
			return strconv.FormatFloat(v/u.size, 'f', -1, 64) + u.suffix
		}
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
