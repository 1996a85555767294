package display

import (
	"strconv"
	"strings"
	"time"

	"github.com/sparkgo/sparkgo/connect"
)

// ProgressOptions adjusts Progress.
type ProgressOptions struct {
	// Elapsed is the time since the execution started.
	Elapsed time.Duration
	// Done marks a finished execution: Progress renders a completion
	// summary instead of bars.
	Done bool
	// Rows is the number of rows the execution returned, shown when Done;
	// a negative value means unknown.
	Rows int64
	// Width is the width of the text rendering in cells: 0 means
	// DefaultWidth.
	Width int
}

// maxStages is how many stages Progress lists one by one.
const maxStages = 8

// Progress renders the progress of a running Spark execution (tasks
// completed over all stages, each stage's tasks, bytes read, elapsed time),
// or, with opts.Done, a one-line completion summary. Kernels update the
// display in place (update_display_data) as reports arrive.
func Progress(p connect.Progress, opts ProgressOptions) Bundle {
	width := opts.Width
	if width <= 0 {
		width = DefaultWidth
	}
	done := 0
	for _, s := range p.Stages {
		if s.Done {
			done++
		}
	}
	var facts []string
	if opts.Done {
		facts = append(facts, plural(int64(len(p.Stages)), "stage"))
		if p.Tasks > 0 {
			facts = append(facts, plural(p.Tasks, "task"))
		}
	} else {
		if p.Tasks > 0 {
			t := commas(p.CompletedTasks) + "/" + commas(p.Tasks) + " tasks"
			if p.InflightTasks > 0 {
				t += " (" + commas(p.InflightTasks) + " running)"
			}
			facts = append(facts, t)
		}
		if len(p.Stages) > 0 {
			facts = append(facts, strconv.Itoa(done)+"/"+strconv.Itoa(len(p.Stages))+" stages")
		}
	}
	if p.BytesRead > 0 {
		facts = append(facts, formatBytes(p.BytesRead)+" read")
	}
	el := formatElapsed(opts.Elapsed)

	var text string
	var w htmlw
	w.raw(`<div class="sparkgo sg-progress">`)
	w.raw(css)
	if opts.Done {
		head := "✓ Done in " + el
		if opts.Rows >= 0 {
			head = "✓ " + plural(opts.Rows, "row") + " in " + el
		}
		text = head
		if len(facts) > 0 {
			text += " · " + strings.Join(facts, ", ")
		}
		w.raw(`<div><span class="sg-ok">✓</span> `)
		w.text(strings.TrimPrefix(text, "✓ "))
		w.raw(`</div>`)
	} else {
		frac, pct := 0.0, "…"
		if p.Tasks > 0 {
			frac = float64(p.CompletedTasks) / float64(p.Tasks)
			pct = strconv.Itoa(int(frac*100)) + "%"
		}
		tail := " " + pad(pct, 4, true) + " · " + strings.Join(append(facts, el), " · ")
		barW := min(max(width-textWidth(tail)-2, 10), 40)
		bar := pad(textBar(frac, barW), barW, false)
		bar = strings.ReplaceAll(bar, " ", "░")
		text = bar + tail
		var lines []string
		for i, s := range p.Stages {
			if i == maxStages {
				lines = append(lines, "  … "+strconv.Itoa(len(p.Stages)-i)+" more stages")
				break
			}
			lines = append(lines, "  "+stageLine(s))
		}
		if len(p.Stages) > 1 {
			text += "\n" + strings.Join(lines, "\n")
		}

		w.raw(`<div><span class="sg-track" style="width:240px"><span class="sg-bar" style="width:`)
		w.raw(strconv.FormatFloat(100*min(max(frac, 0), 1), 'f', 1, 64))
		w.raw(`%"></span></span> <b>`)
		w.text(pct)
		w.raw(`</b> <span class="sg-caption">`)
		w.text(strings.Join(append(facts, el), " · "))
		w.raw(`</span></div>`)
		if len(p.Stages) > 1 {
			w.raw(`<table><tbody>`)
			for i, s := range p.Stages {
				if i == maxStages {
					w.raw(`<tr><td colspan="3" class="sg-caption">`)
					w.text("… " + strconv.Itoa(len(p.Stages)-i) + " more stages")
					w.raw(`</td></tr>`)
					break
				}
				sf := 0.0
				if s.Tasks > 0 {
					sf = float64(s.CompletedTasks) / float64(s.Tasks)
				}
				if s.Done {
					sf = 1
				}
				w.raw(`<tr><td class="sg-m">Stage `)
				w.int(s.StageID)
				w.raw(`</td><td><span class="sg-track" style="width:120px"><span class="sg-bar" style="width:`)
				w.raw(strconv.FormatFloat(100*min(max(sf, 0), 1), 'f', 1, 64))
				w.raw(`%"></span></span></td><td class="sg-r">`)
				w.text(commas(s.CompletedTasks) + "/" + commas(s.Tasks))
				if s.Done {
					w.raw(` <span class="sg-ok">✓</span>`)
				}
				w.raw(`</td></tr>`)
			}
			w.raw(`</tbody></table>`)
		}
	}
	w.raw("</div>\n")
	return newBundle(text, w.String())
}

func stageLine(s connect.StageProgress) string {
	l := "stage " + strconv.FormatInt(s.StageID, 10) + ": " + commas(s.CompletedTasks) + "/" + commas(s.Tasks) + " tasks"
	if s.BytesRead > 0 {
		l += ", " + formatBytes(s.BytesRead) + " read"
	}
	if s.Done {
		l += " ✓"
	}
	return l
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return commas(n) + " " + word + "s"
}

// formatBytes formats n bytes in binary units: 512 B, 1.5 KiB, 2.0 GiB.
func formatBytes(n int64) string {
	if n < 1024 {
		return strconv.FormatInt(n, 10) + " B"
	}
	v := float64(n)
	for _, u := range []string{"KiB", "MiB", "GiB", "TiB", "PiB"} {
		v /= 1024
		if v < 1024 || u == "PiB" {
			return strconv.FormatFloat(v, 'f', 1, 64) + " " + u
		}
	}
	return ""
}

// formatElapsed formats d as 0.4s, 12.3s, 2m 05s or 1h 02m.
func formatElapsed(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	case d < time.Hour:
		s := int(d.Seconds())
		return strconv.Itoa(s/60) + "m " + pad2(s%60) + "s"
	}
	m := int(d.Minutes())
	return strconv.Itoa(m/60) + "h " + pad2(m%60) + "m"
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
