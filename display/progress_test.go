package display

import (
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
)

func sampleProgress() connect.Progress {
	return connect.Progress{
		OperationID: "op", InflightTasks: 8, Tasks: 200, CompletedTasks: 90, BytesRead: 1288490189,
		Stages: []connect.StageProgress{
			{StageID: 0, Tasks: 100, CompletedTasks: 100, BytesRead: 1288490189, Done: true},
			{StageID: 1, Tasks: 80, CompletedTasks: 0},
			{StageID: 2, Tasks: 20, CompletedTasks: 0},
		},
	}
}

func TestProgress(t *testing.T) {
	p := sampleProgress()
	p.CompletedTasks = 110
	b := Progress(p, ProgressOptions{Elapsed: 3400 * time.Millisecond, Width: 100})
	goldenBundle(t, "progress_running", b)
	first, _, _ := strings.Cut(b.Text(), "\n")
	if want := " 55% · 110/200 tasks (8 running) · 1/3 stages · 1.2 GiB read · 3.4s"; !strings.HasSuffix(first, want) {
		t.Errorf("progress line %q lacks %q", first, want)
	}
	if !strings.Contains(b.Text(), "\n  stage 0: 100/100 tasks, 1.2 GiB read ✓\n  stage 1: 0/80 tasks\n") {
		t.Errorf("stage lines:\n%s", b.Text())
	}
	if bar := strings.Fields(first)[0]; textWidth(bar) != 30 || strings.Count(bar, "█") != 16 {
		t.Errorf("bar %q: want 30 cells with 16 full blocks", bar)
	}
	if !strings.Contains(b.HTML(), `<span class="sg-bar" style="width:55.0%">`) {
		t.Errorf("HTML bar width")
	}

	b = Progress(p, ProgressOptions{Elapsed: 125 * time.Second, Done: true, Rows: 1000})
	goldenBundle(t, "progress_done", b)
	if want := "✓ 1,000 rows in 2m 05s · 3 stages, 200 tasks, 1.2 GiB read"; b.Text() != want {
		t.Errorf("done = %q, want %q", b.Text(), want)
	}
	if got := Progress(connect.Progress{}, ProgressOptions{Width: 40}).Text(); got != "░░░░░░░░░░░░░░░░░░░░░░░░░░    … · 0.0s" {
		t.Errorf("empty progress = %q", got)
	}
}
