package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// Spark describes a Spark home found by FindSpark or created by Install.
type Spark struct {
	// Home is the Spark home directory (for a pyspark install, the pyspark
	// package directory). It is passed to the server as SPARK_HOME.
	Home string
	// Version is the full Spark version read from
	// jars/spark-connect_2.13-<version>.jar, such as "4.1.4".
	Version string
	// Source says where it was found: "option", "SPARK_HOME", "managed" or
	// "pyspark".
	Source string
}

// connectJarPrefix is the file name prefix of the Spark Connect server jar
// in <spark home>/jars (Spark 4.x is built for Scala 2.13 only).
const connectJarPrefix = "spark-connect_2.13-"

func sparkSubmitPath(home string) string {
	if runtime.GOOS == "windows" {
		return filepath.Join(home, "bin", "spark-submit.cmd")
	}
	return filepath.Join(home, "bin", "spark-submit")
}

// CheckSparkHome reports whether dir is a usable Spark home, that is, it has
// bin/spark-submit and jars/spark-connect_2.13-<version>.jar, and returns
// the version from the jar's file name. The error wraps ErrInvalidSparkHome
// and names what is missing.
func CheckSparkHome(dir string) (version string, err error) {
	if dir == "" {
		return "", fmt.Errorf("%w: empty directory name", ErrInvalidSparkHome)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrInvalidSparkHome, dir, err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%w: %s is not a directory", ErrInvalidSparkHome, dir)
	}
	submit := sparkSubmitPath(dir)
	if fi, err := os.Stat(submit); err != nil || fi.IsDir() {
		return "", fmt.Errorf("%w: %s has no %s", ErrInvalidSparkHome, dir, filepath.Join("bin", filepath.Base(submit)))
	}
	jars, _ := filepath.Glob(filepath.Join(dir, "jars", connectJarPrefix+"*.jar"))
	var versions []string
	for _, j := range jars {
		v := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(j), connectJarPrefix), ".jar")
		if _, _, err := majorMinor(v); err == nil {
			versions = append(versions, v)
		}
	}
	if len(versions) == 0 {
		return "", fmt.Errorf("%w: %s has no jars/%s<version>.jar (the Spark Connect server, bundled since Spark 4.0)",
			ErrInvalidSparkHome, dir, connectJarPrefix)
	}
	sort.Strings(versions)
	return versions[len(versions)-1], nil
}

// resolveSparkHome accepts a Spark home or a managed virtualenv directory
// and returns the Spark home with its version.
func resolveSparkHome(dir string) (home, version string, err error) {
	version, err = CheckSparkHome(dir)
	if err == nil {
		return dir, version, nil
	}
	if h, v, err2 := venvSparkHome(dir); err2 == nil {
		return h, v, nil
	}
	return "", "", err
}

// venvSparkHome finds the pyspark package inside a Python virtualenv:
// <venv>/lib/python3.X/site-packages/pyspark (Scripts and Lib on Windows).
func venvSparkHome(venv string) (home, version string, err error) {
	var cands []string
	for _, pat := range []string{
		filepath.Join(venv, "lib", "python3*", "site-packages", "pyspark"),
		filepath.Join(venv, "lib64", "python3*", "site-packages", "pyspark"),
		filepath.Join(venv, "Lib", "site-packages", "pyspark"),
	} {
		m, _ := filepath.Glob(pat)
		cands = append(cands, m...)
	}
	if len(cands) == 0 {
		return "", "", fmt.Errorf("%w: %s holds no pyspark package (lib/python3.*/site-packages/pyspark)", ErrInvalidSparkHome, venv)
	}
	var firstErr error
	for _, c := range cands {
		v, err := CheckSparkHome(c)
		if err == nil {
			return c, v, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return "", "", firstErr
}

// FindSpark locates a Spark home, trying in order: opts.SparkHome, then
// $SPARK_HOME, then the managed install of opts.Version (DefaultVersion when
// empty, then any other managed version), then the pyspark package of
// python3. When opts.Version is set the found version must match it (by
// prefix: "4.1" matches "4.1.4"); $SPARK_HOME with another version is
// skipped. An invalid opts.SparkHome or $SPARK_HOME is an error wrapping
// ErrInvalidSparkHome; finding nothing is an error wrapping
// ErrSparkNotFound that says how to install Spark.
func FindSpark(ctx context.Context, opts Options) (*Spark, error) {
	if opts.Version != "" {
		if _, _, err := majorMinor(opts.Version); err != nil {
			return nil, err
		}
	}
	if opts.SparkHome != "" {
		home, v, err := resolveSparkHome(opts.SparkHome)
		if err != nil {
			return nil, err
		}
		if !versionMatches(opts.Version, v) {
			return nil, fmt.Errorf("%w: %s is Spark %s, not the requested %s", ErrInvalidSparkHome, home, v, opts.Version)
		}
		return &Spark{Home: home, Version: v, Source: "option"}, nil
	}

	var tried []string
	if env := os.Getenv("SPARK_HOME"); env != "" {
		home, v, err := resolveSparkHome(env)
		if err != nil {
			return nil, fmt.Errorf("SPARK_HOME is set but unusable (fix or unset it): %w", err)
		}
		if versionMatches(opts.Version, v) {
			return &Spark{Home: home, Version: v, Source: "SPARK_HOME"}, nil
		}
		tried = append(tried, fmt.Sprintf("SPARK_HOME=%s is Spark %s", env, v))
	}

	if sp, err := findManaged(opts.Version); err == nil {
		return sp, nil
	} else {
		tried = append(tried, err.Error())
	}

	if sp, err := findPySpark(ctx); err == nil {
		if versionMatches(opts.Version, sp.Version) {
			return sp, nil
		}
		tried = append(tried, fmt.Sprintf("python3's pyspark %s is Spark %s", sp.Home, sp.Version))
	} else {
		tried = append(tried, err.Error())
	}

	want := opts.Version
	if want == "" {
		want = DefaultVersion
	}
	return nil, fmt.Errorf("%w: no Spark %s found (%s); install one with `sparkgo-kernel service install --version %s` (local.Install), pip install 'pyspark==%s.*', or set SPARK_HOME",
		ErrSparkNotFound, want, strings.Join(tried, "; "), want, want)
}

// findManaged looks for a managed install matching version (any version when
// empty, preferring DefaultVersion, then the newest).
func findManaged(version string) (*Spark, error) {
	c, err := CacheDir()
	if err != nil {
		return nil, err
	}
	var dirs []string
	if version != "" {
		d, err := ManagedDir(version)
		if err != nil {
			return nil, err
		}
		dirs = []string{d}
	} else {
		d, _ := ManagedDir(DefaultVersion)
		dirs = append(dirs, d)
		others, _ := filepath.Glob(filepath.Join(c, "spark", "*"))
		sort.Sort(sort.Reverse(sort.StringSlice(others)))
		for _, o := range others {
			if o != d {
				dirs = append(dirs, o)
			}
		}
	}
	for _, d := range dirs {
		home, v, err := venvSparkHome(d)
		if err == nil && versionMatches(version, v) {
			return &Spark{Home: home, Version: v, Source: "managed"}, nil
		}
	}
	return nil, fmt.Errorf("no managed install in %s", filepath.Join(c, "spark"))
}

// findPySpark asks python3 where its pyspark package is.
func findPySpark(ctx context.Context) (*Spark, error) {
	py, err := findPython()
	if err != nil {
		return nil, errors.New("no python3 on PATH")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, py, "-c", "import pyspark,os;print(os.path.dirname(pyspark.__file__))").Output()
	if err != nil {
		return nil, fmt.Errorf("%s cannot import pyspark", py)
	}
	dir := strings.TrimSpace(string(out))
	v, err := CheckSparkHome(dir)
	if err != nil {
		return nil, fmt.Errorf("python3's pyspark: %w", err)
	}
	return &Spark{Home: dir, Version: v, Source: "pyspark"}, nil
}

func findPython() (string, error) {
	names := []string{"python3"}
	if runtime.GOOS == "windows" {
		names = []string{"python3", "python", "py"}
	}
	var err error
	for _, n := range names {
		var p string
		if p, err = exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", err
}
