package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Chart sizes.
const (
	chartWidth  = 10 * vg.Inch
	chartHeight = 5.5 * vg.Inch
)

// newPlot returns a plot titled title, with the machine and the command that measured d, and
// the command that draws the charts, under it: every chart says where its numbers come from.
func newPlot(title string, d *dataset) *plot.Plot {
	p := plot.New()
	command := d.command
	if command == "" {
		command = "not recorded in " + filepath.Base(d.name)
	}
	p.Title.Text = fmt.Sprintf("%s\n%s\n%s\ndrawn by: make bench-chart (scripts/benchchart) from %s",
		title, d.machine, wrap("measured by: "+command, 110), filepath.Base(d.name))
	p.Title.TextStyle.Font.Size = vg.Points(9)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	p.Legend.Padding = vg.Points(1)
	p.Legend.XOffs = vg.Points(4)
	return p
}

// wrap breaks s into lines of at most width bytes at spaces (a longer word keeps its own line).
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		if i > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// save writes p as an SVG file named name in dir and returns its path.
func save(p *plot.Plot, dir, name string) (string, error) {
	path := filepath.Join(dir, name)
	if err := p.Save(chartWidth, chartHeight, path); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return path, nil
}
