package display

import (
	"math"
	"sort"
	"strconv"
	"time"
)

// Margins of the SVG plot area.
const (
	svgLeft, svgRight, svgTop, svgBottom = 56, 16, 28, 48
)

// scale maps [d0, d1] to [r0, r1].
type scale struct{ d0, d1, r0, r1 float64 }

func (s scale) at(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.r0 + s.r1) / 2
	}
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}

// niceTicks returns about n round tick values covering [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	first, last := math.Floor(lo/step+1e-9), math.Ceil(hi/step-1e-9)
	for k := first; k <= last; k++ {
		out = append(out, k*step+0) // +0 turns -0 into 0
	}
	return out
}

func tickLabel(v float64, kind plotKind, span float64) string {
	if kind == temporal {
		t := time.UnixMilli(int64(v)).UTC()
		if span < 2*86400e3 {
			return t.Format("01-02 15:04")
		}
		return t.Format("2006-01-02")
	}
	if a := math.Abs(v); a >= 1e6 || (a != 0 && a < 1e-3) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

type svgw struct {
	htmlw
	w, h int
}

func (s *svgw) num(v float64) { s.raw(strconv.FormatFloat(v, 'f', 1, 64)) }

func (s *svgw) line(x1, y1, x2, y2 float64, style string) {
	s.raw(`<line x1="`)
	s.num(x1)
	s.raw(`" y1="`)
	s.num(y1)
	s.raw(`" x2="`)
	s.num(x2)
	s.raw(`" y2="`)
	s.num(y2)
	s.raw(`" style="` + style + `"/>`)
}

func (s *svgw) label(x, y float64, anchor, text, extra string) {
	s.raw(`<text x="`)
	s.num(x)
	s.raw(`" y="`)
	s.num(y)
	s.raw(`" text-anchor="` + anchor + `" font-size="11"` + extra + `>`)
	s.text(text)
	s.raw(`</text>`)
}

const (
	gridStyle = "stroke:currentColor;stroke-opacity:0.12"
	axisStyle = "stroke:currentColor;stroke-opacity:0.5"
)

// drawSVG draws the chart as an inline SVG element.
func drawSVG(opts PlotOptions, x, y, color *plotCol, n int) string {
	s := &svgw{w: opts.Width + svgLeft + svgRight, h: opts.Height + svgTop + svgBottom}
	s.raw(`<svg xmlns="http://www.w3.org/2000/svg" role="img" width="`)
	s.raw(strconv.Itoa(s.w))
	s.raw(`" height="`)
	s.raw(strconv.Itoa(s.h))
	s.raw(`" viewBox="0 0 `)
	s.raw(strconv.Itoa(s.w) + " " + strconv.Itoa(s.h))
	s.raw(`" style="max-width:100%;height:auto;color:inherit">`)
	if opts.Title != "" {
		s.raw(`<title>`)
		s.text(opts.Title)
		s.raw(`</title>`)
		s.label(float64(s.w)/2, 16, "middle", opts.Title, ` font-weight="600" font-size="13"`)
	}
	x0, x1 := float64(svgLeft), float64(svgLeft+opts.Width)
	y0, y1 := float64(svgTop+opts.Height), float64(svgTop)

	// Series: indexes of rows per colour value, in order of first use.
	series := map[string]int{}
	var names []string
	seriesOf := func(i int) int {
		if color == nil {
			return 0
		}
		k := color.str[i]
		if !color.ok[i] {
			k = "NULL"
		}
		if j, ok := series[k]; ok {
			return j
		}
		series[k] = len(names)
		names = append(names, k)
		return len(names) - 1
	}

	yAxis := func(lo, hi float64, title string) scale {
		ticks := niceTicks(lo, hi, 5)
		lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
		sy := scale{lo, hi, y0, y1}
		for _, t := range ticks {
			py := sy.at(t)
			s.line(x0, py, x1, py, gridStyle)
			s.label(x0-6, py+4, "end", tickLabel(t, quantitative, hi-lo), "")
		}
		s.label(14, (y0+y1)/2, "middle", title, ` transform="rotate(-90 14 `+strconv.FormatFloat((y0+y1)/2, 'f', 1, 64)+`)"`)
		return sy
	}
	xTitle := func(title string) { s.label((x0+x1)/2, float64(s.h)-6, "middle", title, "") }

	switch opts.Kind {
	case PlotHistogram:
		var vals []float64
		for i := 0; i < n; i++ {
			if x.ok[i] {
				vals = append(vals, x.num[i])
			}
		}
		if len(vals) == 0 {
			break
		}
		lo, hi := minMax(vals)
		edges := niceTicks(lo, hi, opts.Bins)
		if len(edges) < 2 || edges[0] > lo {
			edges = append([]float64{edges[0] - (edges[1] - edges[0])}, edges...)
		}
		step := edges[1] - edges[0]
		for edges[len(edges)-1] <= hi {
			edges = append(edges, edges[len(edges)-1]+step)
		}
		counts := make([]float64, len(edges)-1)
		for _, v := range vals {
			k := min(int((v-edges[0])/step), len(counts)-1)
			counts[k]++
		}
		_, top := minMax(counts)
		sy := yAxis(0, top, "count")
		sx := scale{edges[0], edges[len(edges)-1], x0, x1}
		for k, c := range counts {
			bx := sx.at(edges[k])
			bw := sx.at(edges[k+1]) - bx
			s.rect(bx+0.5, sy.at(c), math.Max(bw-1, 0.5), y0-sy.at(c), palette[0], strconv.FormatFloat(edges[k], 'g', 6, 64)+" – "+strconv.FormatFloat(edges[k+1], 'g', 6, 64)+": "+strconv.Itoa(int(c)))
		}
		s.xTicks(sx, niceTicks(edges[0], edges[len(edges)-1], 6), quantitative, y0)
		xTitle(x.name)
	case PlotBar:
		// One band per distinct x value, in order of first appearance;
		// values of the same x and series are summed.
		var cats []string
		catIdx := map[string]int{}
		type key struct{ c, s int }
		sums := map[key]float64{}
		for i := 0; i < n; i++ {
			if !y.ok[i] {
				continue
			}
			c := x.display(i)
			k, ok := catIdx[c]
			if !ok {
				k = len(cats)
				catIdx[c] = k
				cats = append(cats, c)
			}
			sums[key{k, seriesOf(i)}] += y.num[i]
		}
		if len(cats) == 0 {
			break
		}
		ns := max(len(names), 1)
		lo, hi := 0.0, 0.0
		for _, v := range sums {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		sy := yAxis(lo, hi, y.name)
		band := (x1 - x0) / float64(len(cats))
		bw := band * 0.8 / float64(ns)
		every := max(1, len(cats)/20)
		for k, c := range cats {
			for j := 0; j < ns; j++ {
				v, ok := sums[key{k, j}]
				if !ok {
					continue
				}
				top, bot := sy.at(math.Max(v, 0)), sy.at(math.Min(v, 0))
				tip := c + ": " + shortFloat(v)
				if color != nil {
					tip = names[j] + ", " + tip
				}
				s.rect(x0+band*float64(k)+band*0.1+bw*float64(j), top, bw, math.Max(bot-top, 0.5), palette[j%len(palette)], tip)
			}
			if k%every == 0 {
				cx := x0 + band*(float64(k)+0.5)
				lbl := truncateWidth(c, 14)
				if len(cats) > 8 {
					s.label(cx, y0+12, "end", lbl, ` transform="rotate(-40 `+strconv.FormatFloat(cx, 'f', 1, 64)+" "+strconv.FormatFloat(y0+12, 'f', 1, 64)+`)"`)
				} else {
					s.label(cx, y0+16, "middle", lbl, "")
				}
			}
		}
		s.line(x0, sy.at(0), x1, sy.at(0), axisStyle)
		xTitle(x.name)
	case PlotLine, PlotScatter:
		if x.kind == nominal {
			// Place categories at their first-seen index.
			idx := map[string]float64{}
			x.num = make([]float64, n)
			for i := 0; i < n; i++ {
				if _, ok := idx[x.str[i]]; !ok {
					idx[x.str[i]] = float64(len(idx))
				}
				x.num[i] = idx[x.str[i]]
			}
		}
		var xs, ys []float64
		for i := 0; i < n; i++ {
			if x.ok[i] && y.ok[i] {
				xs = append(xs, x.num[i])
				ys = append(ys, y.num[i])
			}
		}
		if len(xs) == 0 {
			break
		}
		ylo, yhi := minMax(ys)
		sy := yAxis(ylo, yhi, y.name)
		xlo, xhi := minMax(xs)
		var ticks []float64
		if x.kind == nominal {
			ticks = nil
		} else {
			ticks = niceTicks(xlo, xhi, 6)
			if opts.Kind == PlotScatter {
				xlo, xhi = math.Min(xlo, ticks[0]), math.Max(xhi, ticks[len(ticks)-1])
			}
		}
		sx := scale{xlo, xhi, x0 + 4, x1 - 4}
		s.xTicks(sx, ticks, x.kind, y0)
		type pt struct{ x, y float64 }
		pts := map[int][]pt{}
		for i := 0; i < n; i++ {
			if x.ok[i] && y.ok[i] {
				j := seriesOf(i)
				pts[j] = append(pts[j], pt{x.num[i], y.num[i]})
			}
		}
		for j := 0; j < max(len(names), 1); j++ {
			ps := pts[j]
			col := palette[j%len(palette)]
			if opts.Kind == PlotLine {
				sort.SliceStable(ps, func(a, b int) bool { return ps[a].x < ps[b].x })
				s.raw(`<polyline fill="none" stroke="` + col + `" stroke-width="2" points="`)
				for k, p := range ps {
					if k > 0 {
						s.raw(" ")
					}
					s.num(sx.at(p.x))
					s.raw(",")
					s.num(sy.at(p.y))
				}
				s.raw(`"/>`)
			} else {
				for _, p := range ps {
					s.raw(`<circle r="3" fill="` + col + `" fill-opacity="0.7" cx="`)
					s.num(sx.at(p.x))
					s.raw(`" cy="`)
					s.num(sy.at(p.y))
					s.raw(`"/>`)
				}
			}
		}
		xTitle(x.name)
	}
	s.line(x0, y0, x1, y0, axisStyle)
	s.line(x0, y0, x0, y1, axisStyle)
	if color != nil && len(names) > 0 {
		lx := x1 - 4
		for j := len(names) - 1; j >= 0 && j >= len(names)-10; j-- {
			lbl := truncateWidth(names[j], 16)
			s.label(lx, float64(svgTop-10), "end", lbl, "")
			lx -= 7*float64(textWidth(lbl)) + 6
			s.rect(lx-8, float64(svgTop-19), 9, 9, palette[j%len(palette)], names[j])
			lx -= 16
		}
	}
	s.raw(`</svg>`)
	return s.String()
}

func (s *svgw) rect(x, y, w, h float64, fill, tip string) {
	s.raw(`<rect x="`)
	s.num(x)
	s.raw(`" y="`)
	s.num(y)
	s.raw(`" width="`)
	s.num(w)
	s.raw(`" height="`)
	s.num(h)
	s.raw(`" fill="` + fill + `">`)
	if tip != "" {
		s.raw(`<title>`)
		s.text(tip)
		s.raw(`</title>`)
	}
	s.raw(`</rect>`)
}

func (s *svgw) xTicks(sx scale, ticks []float64, kind plotKind, y0 float64) {
	for _, t := range ticks {
		if t < sx.d0-1e-9*math.Abs(sx.d0) || t > sx.d1+1e-9*math.Abs(sx.d1) {
			continue
		}
		px := sx.at(t)
		s.line(px, y0, px, y0+4, axisStyle)
		s.label(px, y0+16, "middle", tickLabel(t, kind, sx.d1-sx.d0), "")
	}
}

func minMax(vs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi
}

// display is row i of c as a label.
func (c *plotCol) display(i int) string {
	switch {
	case !c.ok[i]:
		return "NULL"
	case c.kind == nominal:
		return c.str[i]
	case c.kind == temporal:
		return time.UnixMilli(int64(c.num[i])).UTC().Format("2006-01-02")
	}
	return shortFloat(c.num[i])
}
