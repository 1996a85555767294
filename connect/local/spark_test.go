package local

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMajorMinor(t *testing.T) {
	tests := []struct {
		in    string
		mm    string
		major int
		ok    bool
	}{
		{"4.1", "4.1", 4, true},
		{"4.1.4", "4.1", 4, true},
		{"4.0.0-preview2", "4.0", 4, true},
		{"4.1-SNAPSHOT", "4.1", 4, true},
		{"4", "", 0, false},
		{"four.one", "", 0, false},
		{"", "", 0, false},
	}
	for _, tt := range tests {
		mm, major, err := majorMinor(tt.in)
		if (err == nil) != tt.ok || mm != tt.mm || major != tt.major {
			t.Errorf("majorMinor(%q) = %q, %d, %v; want %q, %d, ok=%v", tt.in, mm, major, err, tt.mm, tt.major, tt.ok)
		}
	}
}

func TestVersionMatches(t *testing.T) {
	tests := []struct {
		want, found string
		ok          bool
	}{
		{"", "4.1.4", true},
		{"4.1", "4.1.4", true},
		{"4.1", "4.1.0-preview1", true},
		{"4.1.4", "4.1.4", true},
		{"4.1", "4.10.0", false},
		{"4.0", "4.1.4", false},
		{"4.1.3", "4.1.4", false},
	}
	for _, tt := range tests {
		if got := versionMatches(tt.want, tt.found); got != tt.ok {
			t.Errorf("versionMatches(%q, %q) = %v, want %v", tt.want, tt.found, got, tt.ok)
		}
	}
}

// fakeSparkHome builds a directory with the files CheckSparkHome looks for.
func fakeSparkHome(t *testing.T, submit bool, jars ...string) string {
	t.Helper()
	dir := t.TempDir()
	if submit {
		if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(sparkSubmitPath(dir), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "jars"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, j := range jars {
		if err := os.WriteFile(filepath.Join(dir, "jars", j), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckSparkHome(t *testing.T) {
	tests := []struct {
		name    string
		dir     string
		version string
		errHas  string
	}{
		{"valid", fakeSparkHome(t, true, "spark-connect_2.13-4.1.4.jar", "spark-connect-common_2.13-4.1.4.jar", "spark-core_2.13-4.1.4.jar"), "4.1.4", ""},
		{"no spark-submit", fakeSparkHome(t, false, "spark-connect_2.13-4.1.4.jar"), "", "spark-submit"},
		{"no connect jar (Spark 3.5)", fakeSparkHome(t, true, "spark-core_2.12-3.5.3.jar"), "", "spark-connect_2.13-"},
		{"missing dir", filepath.Join(t.TempDir(), "nope"), "", "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := CheckSparkHome(tt.dir)
			if tt.errHas == "" {
				if err != nil || v != tt.version {
					t.Fatalf("CheckSparkHome = %q, %v, want %q", v, err, tt.version)
				}
				return
			}
			if !errors.Is(err, ErrInvalidSparkHome) || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("CheckSparkHome = %q, %v, want ErrInvalidSparkHome mentioning %q", v, err, tt.errHas)
			}
		})
	}
}

// managedSpark returns the managed Spark 4.1 install, installing it if
// needed (on this machine it exists already).
func managedSpark(t *testing.T) *Spark {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	sp, err := Install(ctx, Options{Version: "4.1", Progress: testWriter{t}})
	if err != nil {
		t.Fatalf("Install: %v", err)
	}
	return sp
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func TestInstallReusesManaged(t *testing.T) {
	sp := managedSpark(t) // may install on a fresh machine
	start := time.Now()
	var progress strings.Builder
	sp2, err := Install(context.Background(), Options{Progress: &progress})
	if err != nil {
		t.Fatalf("Install: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Install of an existing install took %v, want instant reuse", d)
	}
	if progress.Len() != 0 {
		t.Errorf("Install of an existing install printed progress %q, want none", progress.String())
	}
	dir, _ := ManagedDir("4.1")
	if *sp2 != *sp || sp2.Source != "managed" || !strings.HasPrefix(sp2.Home, dir+string(filepath.Separator)) ||
		!strings.HasPrefix(sp2.Version, "4.1.") {
		t.Fatalf("Install = %+v, want the managed 4.1 under %s (first call %+v)", sp2, dir, sp)
	}
}

func TestFindSparkManaged(t *testing.T) {
	sp := managedSpark(t)
	t.Setenv("SPARK_HOME", "")
	got, err := FindSpark(context.Background(), Options{})
	if err != nil {
		t.Fatalf("FindSpark: %v", err)
	}
	if *got != *sp {
		t.Errorf("FindSpark() = %+v, want the managed install %+v", got, sp)
	}
	got, err = FindSpark(context.Background(), Options{Version: "4.1"})
	if err != nil || *got != *sp {
		t.Errorf("FindSpark(4.1) = %+v, %v, want %+v", got, err, sp)
	}

	// SPARK_HOME comes first, and may also name the virtualenv.
	venv, _ := ManagedDir("4.1")
	t.Setenv("SPARK_HOME", venv)
	got, err = FindSpark(context.Background(), Options{})
	if err != nil || got.Source != "SPARK_HOME" || got.Home != sp.Home {
		t.Errorf("FindSpark with SPARK_HOME=%s = %+v, %v, want home %s from SPARK_HOME", venv, got, err, sp.Home)
	}

	// A SPARK_HOME of another version is skipped when a version is asked for.
	other := fakeSparkHome(t, true, "spark-connect_2.13-4.0.1.jar")
	t.Setenv("SPARK_HOME", other)
	got, err = FindSpark(context.Background(), Options{Version: "4.1"})
	if err != nil || got.Source != "managed" {
		t.Errorf("FindSpark(4.1) with SPARK_HOME of 4.0.1 = %+v, %v, want the managed install", got, err)
	}

	// An invalid SPARK_HOME is an error, not silently ignored.
	t.Setenv("SPARK_HOME", t.TempDir())
	if _, err := FindSpark(context.Background(), Options{}); !errors.Is(err, ErrInvalidSparkHome) || !strings.Contains(err.Error(), "SPARK_HOME") {
		t.Errorf("FindSpark with an empty SPARK_HOME dir = %v, want ErrInvalidSparkHome mentioning SPARK_HOME", err)
	}
}

func TestFindSparkExplicit(t *testing.T) {
	sp := managedSpark(t)
	got, err := FindSpark(context.Background(), Options{SparkHome: sp.Home})
	if err != nil || got.Home != sp.Home || got.Source != "option" {
		t.Fatalf("FindSpark(SparkHome) = %+v, %v", got, err)
	}
	if _, err := FindSpark(context.Background(), Options{SparkHome: sp.Home, Version: "3.5"}); !errors.Is(err, ErrInvalidSparkHome) {
		t.Errorf("FindSpark(SparkHome, Version 3.5) = %v, want ErrInvalidSparkHome (version mismatch)", err)
	}
	bad := t.TempDir()
	_, err = FindSpark(context.Background(), Options{SparkHome: bad})
	if !errors.Is(err, ErrInvalidSparkHome) || !strings.Contains(err.Error(), bad) {
		t.Errorf("FindSpark(bad SparkHome) = %v, want ErrInvalidSparkHome naming %s", err, bad)
	}
}

func TestFindSparkNothing(t *testing.T) {
	t.Setenv(CacheEnv, t.TempDir())
	t.Setenv("SPARK_HOME", "")
	t.Setenv("PATH", t.TempDir()) // no python3
	_, err := FindSpark(context.Background(), Options{Version: "4.1"})
	if !errors.Is(err, ErrSparkNotFound) || !strings.Contains(err.Error(), "service install") {
		t.Fatalf("FindSpark with nothing installed = %v, want ErrSparkNotFound with install advice", err)
	}
}
