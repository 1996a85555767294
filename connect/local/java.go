package local

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Java describes a Java runtime found by FindJava.
type Java struct {
	// Path is the java executable.
	Path string
	// Home is the Java home passed to Spark as JAVA_HOME.
	Home string
	// Version is the version string from `java -version`, such as "17.0.15"
	// or "1.8.0_381".
	Version string
	// Major is the feature release number: 8 for "1.8.0_381", 17 for
	// "17.0.15".
	Major int
	// Source says where it was found: "option", "JAVA_HOME" or "PATH".
	Source string
}

// MinJavaMajor returns the oldest Java feature release that Spark version
// sparkVersion supports: 17 for Spark 4.x and later, 8 before.
func MinJavaMajor(sparkVersion string) int {
	_, major, err := majorMinor(sparkVersion)
	if err != nil || major >= 4 {
		return 17
	}
	return 8
}

// javaFixHint is appended to Java errors.
const javaFixHint = "install a JDK 17 (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17; or https://adoptium.net) or set JAVA_HOME to an installed JDK 17 or newer"

// CheckSpark returns an error wrapping ErrJavaTooOld when j cannot run Spark
// version sparkVersion.
func (j *Java) CheckSpark(sparkVersion string) error {
	minMajor := MinJavaMajor(sparkVersion)
	if j.Major < minMajor {
		return fmt.Errorf("%w: Spark %s needs Java %d or newer, but %s (from %s) is Java %d (version %q); %s",
			ErrJavaTooOld, sparkVersion, minMajor, j.Path, j.Source, j.Major, j.Version, javaFixHint)
	}
	return nil
}

// FindJava locates a Java runtime: javaHome when non-empty, else $JAVA_HOME,
// else java on $PATH. It runs `java -XshowSettings:properties -version` to
// read the version and java.home. The error wraps ErrJavaNotFound and says
// how to install Java.
func FindJava(ctx context.Context, javaHome string) (*Java, error) {
	exe := "java"
	if runtime.GOOS == "windows" {
		exe = "java.exe"
	}
	j := &Java{}
	switch {
	case javaHome != "":
		j.Source, j.Home = "option", javaHome
	case os.Getenv("JAVA_HOME") != "":
		j.Source, j.Home = "JAVA_HOME", os.Getenv("JAVA_HOME")
	}
	if j.Home != "" {
		j.Path = filepath.Join(j.Home, "bin", exe)
		if fi, err := os.Stat(j.Path); err != nil || fi.IsDir() {
			return nil, fmt.Errorf("%w: %s=%s has no bin/%s; %s", ErrJavaNotFound, homeLabel(j.Source), j.Home, exe, javaFixHint)
		}
	} else {
		p, err := exec.LookPath("java")
		if err != nil {
			return nil, fmt.Errorf("%w: JAVA_HOME is not set and there is no java on PATH; %s", ErrJavaNotFound, javaFixHint)
		}
		j.Source, j.Path = "PATH", p
	}

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, j.Path, "-XshowSettings:properties", "-version").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("%w: running %s -version failed: %w: %s; %s", ErrJavaNotFound, j.Path, err, lastLines(string(out), 5), javaFixHint)
	}
	j.Version, j.Major, err = ParseJavaVersion(string(out))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrJavaNotFound, j.Path, err)
	}
	if j.Home == "" {
		j.Home = javaHomeProperty(string(out))
	}
	if j.Home == "" {
		// Derive it from the resolved executable: <home>/bin/java.
		real, err := filepath.EvalSymlinks(j.Path)
		if err != nil {
			real = j.Path
		}
		j.Home = filepath.Dir(filepath.Dir(real))
	}
	return j, nil
}

func homeLabel(source string) string {
	if source == "option" {
		return "Java home"
	}
	return source
}

var (
	javaVersionRE = regexp.MustCompile(`(?m)^\S*\s*version "([^"]+)"`)
	javaHomeRE    = regexp.MustCompile(`(?m)^\s*java\.home = (.+?)\s*$`)
)

// ParseJavaVersion extracts the version string and the feature release
// number from the output of `java -version` (which Java writes to stderr).
// It understands both the legacy "1.8.0_381" scheme (major 8) and the
// modern "17.0.15", "21", "22-ea" scheme, and skips lines such as
// "Picked up JAVA_TOOL_OPTIONS: ...".
func ParseJavaVersion(output string) (version string, major int, err error) {
	m := javaVersionRE.FindStringSubmatch(output)
	if m == nil {
		return "", 0, fmt.Errorf("local: cannot find a version in java -version output %q", lastLines(output, 3))
	}
	version = m[1]
	// Java 8 and older call themselves "1.8"; the major version follows "1.".
	v := strings.TrimPrefix(version, "1.")
	end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if end >= 0 {
		v = v[:end]
	}
	major, err = strconv.Atoi(v)
	if err != nil || major <= 0 {
		return version, 0, fmt.Errorf("local: cannot parse java version %q", version)
	}
	return version, major, nil
}

func javaHomeProperty(output string) string {
	m := javaHomeRE.FindStringSubmatch(output)
	if m == nil {
		return ""
	}
	return m[1]
}

// lastLines returns the last n non-empty lines of s joined by " | ".
func lastLines(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
