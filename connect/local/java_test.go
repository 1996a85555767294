package local

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestParseJavaVersion(t *testing.T) {
	tests := []struct {
		name    string
		output  string
		version string
		major   int
	}{
		{"openjdk 17 debian", `openjdk version "17.0.15" 2025-04-15
OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)
OpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)`, "17.0.15", 17},
		{"oracle 8", `java version "1.8.0_381"
Java(TM) SE Runtime Environment (build 1.8.0_381-b09)
Java HotSpot(TM) 64-Bit Server VM (build 25.381-b09, mixed mode)`, "1.8.0_381", 8},
		{"openjdk 11", `openjdk version "11.0.2" 2019-01-15
OpenJDK Runtime Environment 18.9 (build 11.0.2+9)
OpenJDK 64-Bit Server VM 18.9 (build 11.0.2+9, mixed mode)`, "11.0.2", 11},
		{"openjdk 21 no patch", `openjdk version "21" 2023-09-19
OpenJDK Runtime Environment (build 21+35-2513)
OpenJDK 64-Bit Server VM (build 21+35-2513, mixed mode, sharing)`, "21", 21},
		{"early access", `openjdk version "22-ea" 2024-03-19
OpenJDK Runtime Environment (build 22-ea+27-2262)`, "22-ea", 22},
		{"temurin 17 with tool options", `Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF-8
openjdk version "17.0.9" 2023-10-17
OpenJDK Runtime Environment Temurin-17.0.9+9 (build 17.0.9+9)
OpenJDK 64-Bit Server VM Temurin-17.0.9+9 (build 17.0.9+9, mixed mode, sharing)`, "17.0.9", 17},
		{"graalvm 21", `java version "21.0.1" 2023-10-17
Java(TM) SE Runtime Environment Oracle GraalVM 21.0.1+12.1 (build 21.0.1+12-jvmci-23.1-b19)`, "21.0.1", 21},
		{"openjdk 1.8 zulu", `openjdk version "1.8.0_402"
OpenJDK Runtime Environment (Zulu 8.76.0.17-CA-macos-aarch64) (build 1.8.0_402-b06)`, "1.8.0_402", 8},
		{"with XshowSettings", `Property settings:
    java.home = /usr/lib/jvm/java-17-openjdk-amd64
    java.version = 17.0.15
    java.vm.specification.version = 17

openjdk version "17.0.15" 2025-04-15
OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)`, "17.0.15", 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, major, err := ParseJavaVersion(tt.output)
			if err != nil {
				t.Fatalf("ParseJavaVersion: %v", err)
			}
			if v != tt.version || major != tt.major {
				t.Errorf("ParseJavaVersion = %q, %d, want %q, %d", v, major, tt.version, tt.major)
			}
		})
	}
	for _, bad := range []string{"", "Error: could not find libjava.so", `openjdk version "x.y" 2020`} {
		if _, _, err := ParseJavaVersion(bad); err == nil {
			t.Errorf("ParseJavaVersion(%q) succeeded, want error", bad)
		}
	}
}

func TestJavaHomeProperty(t *testing.T) {
	out := "Property settings:\n    java.class.path = \n    java.home = /opt/jdk-17\n    java.io.tmpdir = /tmp\n"
	if got := javaHomeProperty(out); got != "/opt/jdk-17" {
		t.Errorf("javaHomeProperty = %q, want /opt/jdk-17", got)
	}
}

func TestMinJavaMajor(t *testing.T) {
	for v, want := range map[string]int{"4.1": 17, "4.0.1": 17, "4.1.4": 17, "5.0": 17, "3.5.3": 8, "bogus": 17} {
		if got := MinJavaMajor(v); got != want {
			t.Errorf("MinJavaMajor(%q) = %d, want %d", v, got, want)
		}
	}
}

// TestFindJavaReal checks the java of this machine, which the service tests
// need anyway: it must be found and be Java 17 or newer.
func TestFindJavaReal(t *testing.T) {
	j, err := FindJava(context.Background(), "")
	if err != nil {
		t.Fatalf("FindJava: %v", err)
	}
	if err := j.CheckSpark("4.1.4"); err != nil {
		t.Fatalf("the machine's java cannot run Spark 4.1: %v", err)
	}
	exe := "java"
	if runtime.GOOS == "windows" {
		exe = "java.exe"
	}
	if _, err := os.Stat(filepath.Join(j.Home, "bin", exe)); err != nil {
		t.Errorf("FindJava().Home = %q has no bin/%s: %v", j.Home, exe, err)
	}
	t.Logf("java %s (major %d) at %s, home %s, from %s", j.Version, j.Major, j.Path, j.Home, j.Source)

	// The same Java found through an explicit home.
	j2, err := FindJava(context.Background(), j.Home)
	if err != nil {
		t.Fatalf("FindJava(%q): %v", j.Home, err)
	}
	if j2.Major != j.Major || j2.Source != "option" {
		t.Errorf("FindJava(%q) = major %d source %q, want major %d source option", j.Home, j2.Major, j2.Source, j.Major)
	}
}

func TestFindJavaMissing(t *testing.T) {
	_, err := FindJava(context.Background(), filepath.Join(t.TempDir(), "no-jdk"))
	if !errors.Is(err, ErrJavaNotFound) {
		t.Fatalf("FindJava(missing dir) = %v, want ErrJavaNotFound", err)
	}
	if !strings.Contains(err.Error(), "openjdk-17-jdk-headless") {
		t.Errorf("error does not say how to install Java: %v", err)
	}

	t.Setenv("JAVA_HOME", "")
	t.Setenv("PATH", t.TempDir())
	_, err = FindJava(context.Background(), "")
	if !errors.Is(err, ErrJavaNotFound) || !strings.Contains(err.Error(), "JAVA_HOME") {
		t.Fatalf("FindJava(no JAVA_HOME, empty PATH) = %v, want ErrJavaNotFound mentioning JAVA_HOME", err)
	}
}

func TestFindJavaTooOld(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script as a fake java")
	}
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\ncat >&2 <<'EOF'\njava version \"1.8.0_381\"\nJava(TM) SE Runtime Environment (build 1.8.0_381-b09)\nEOF\n"
	if err := os.WriteFile(filepath.Join(home, "bin", "java"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("JAVA_HOME", home)
	j, err := FindJava(context.Background(), "")
	if err != nil {
		t.Fatalf("FindJava: %v", err)
	}
	if j.Major != 8 || j.Source != "JAVA_HOME" || j.Home != home {
		t.Fatalf("FindJava = %+v, want major 8 from JAVA_HOME %s", j, home)
	}
	err = j.CheckSpark("4.1.4")
	if !errors.Is(err, ErrJavaTooOld) {
		t.Fatalf("CheckSpark(4.1.4) = %v, want ErrJavaTooOld", err)
	}
	for _, want := range []string{"Java 17", "Java 8", "JAVA_HOME", "apt-get install openjdk-17-jdk-headless"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("CheckSpark error %q does not mention %q", err, want)
		}
	}
	if err := j.CheckSpark("3.5.1"); err != nil {
		t.Errorf("CheckSpark(3.5.1) with Java 8 = %v, want nil", err)
	}
}
