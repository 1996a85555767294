package local

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Default values used when the corresponding Options field is zero.
const (
	// DefaultVersion is the Spark major.minor version installed and started
	// when Options.Version is empty.
	DefaultVersion = "4.1"
	// DefaultPort is the Spark Connect port used when Options.Port is 0.
	DefaultPort = 15002
	// DefaultStartTimeout bounds how long Start waits for the server to
	// answer its readiness probe when Options.StartTimeout is 0.
	DefaultStartTimeout = 120 * time.Second
	// DefaultStopTimeout is how long Stop waits after SIGTERM before it
	// sends SIGKILL.
	DefaultStopTimeout = 15 * time.Second
	// DefaultDriverMemory is the server's JVM heap (spark-submit
	// --driver-memory) when neither Options.DriverMemory nor
	// Options.Conf["spark.driver.memory"] is set. Spark's own default, 1g,
	// is too small to collect a few million rows.
	DefaultDriverMemory = "2g"
)

// CacheEnv names the environment variable that overrides the sparkgo cache
// directory (default os.UserCacheDir()/sparkgo).
const CacheEnv = "SPARKGO_CACHE"

// Options configures Install, Start and Ensure. The zero value means
// defaults: Spark DefaultVersion, port DefaultPort, Spark and Java found
// automatically, DefaultDriverMemory, DefaultStartTimeout, no progress
// output.
type Options struct {
	// Version is the Spark version, "major.minor" (such as "4.1") or a full
	// "major.minor.patch". Empty means DefaultVersion for Install. For
	// discovery (FindSpark, Start) empty means "any Spark found", with the
	// managed install of DefaultVersion tried in its turn; a non-empty value
	// must match the found Spark's version by prefix.
	Version string

	// Port is the port the Spark Connect server listens on, on 127.0.0.1.
	// 0 means DefaultPort.
	Port int

	// SparkHome is an explicit Spark home. When set it is the only candidate:
	// an invalid directory is an error. Empty means: $SPARK_HOME, then the
	// managed install, then the pyspark package of python3. A managed
	// virtualenv directory is accepted as well and resolved to the pyspark
	// package inside it.
	SparkHome string

	// JavaHome is an explicit Java home. Empty means $JAVA_HOME, then java
	// on $PATH.
	JavaHome string

	// DriverMemory is the server's JVM heap, passed to spark-submit as
	// --driver-memory: a number with an optional k, m, g or t suffix, such
	// as "4g". Empty means DefaultDriverMemory, unless
	// Conf["spark.driver.memory"] is set (setting both is an error).
	DriverMemory string

	// StartTimeout bounds how long Start waits for the server to become
	// ready. 0 means DefaultStartTimeout.
	StartTimeout time.Duration

	// Conf holds extra Spark configuration passed as --conf key=value to
	// spark-submit, such as "spark.driver.memory": "2g". The binding address,
	// port and driver host are fixed by Start and cannot be overridden.
	Conf map[string]string

	// Progress receives human-readable progress: the output of python3 -m
	// venv and pip (or uv) during Install, and a few status lines during
	// Start. Nil discards it.
	Progress io.Writer
}

func (o Options) port() int {
	if o.Port == 0 {
		return DefaultPort
	}
	return o.Port
}

func (o Options) installVersion() string {
	if o.Version == "" {
		return DefaultVersion
	}
	return o.Version
}

var driverMemoryRE = regexp.MustCompile(`^[0-9]+[kKmMgGtT]?$`)

// driverMemory returns the --driver-memory value, or "" when
// Conf["spark.driver.memory"] decides.
func (o Options) driverMemory() string {
	if o.DriverMemory != "" {
		return o.DriverMemory
	}
	if _, ok := o.Conf["spark.driver.memory"]; ok {
		return ""
	}
	return DefaultDriverMemory
}

func (o Options) startTimeout() time.Duration {
	if o.StartTimeout <= 0 {
		return DefaultStartTimeout
	}
	return o.StartTimeout
}

func (o Options) progress() io.Writer {
	if o.Progress == nil {
		return io.Discard
	}
	return o.Progress
}

func (o Options) validate() error {
	p := o.port()
	if p < 1 || p > 65535 {
		return fmt.Errorf("local: invalid port %d", p)
	}
	if o.Version != "" {
		if _, _, err := majorMinor(o.Version); err != nil {
			return err
		}
	}
	if o.DriverMemory != "" {
		if !driverMemoryRE.MatchString(o.DriverMemory) {
			return fmt.Errorf("local: invalid driver memory %q: want a size such as \"2g\" or \"4096m\"", o.DriverMemory)
		}
		if _, ok := o.Conf["spark.driver.memory"]; ok {
			return fmt.Errorf("local: set the driver memory with Options.DriverMemory or Options.Conf[\"spark.driver.memory\"], not both")
		}
	}
	for k := range o.Conf {
		switch k {
		case "spark.connect.grpc.binding.address", "spark.connect.grpc.binding.port",
			"spark.driver.host", "spark.driver.bindAddress":
			return fmt.Errorf("local: Options.Conf cannot override %s (the server always binds 127.0.0.1 on Options.Port)", k)
		}
	}
	return nil
}

// CacheDir returns the sparkgo cache directory: $SPARKGO_CACHE when set,
// else os.UserCacheDir()/sparkgo. It does not create the directory.
func CacheDir() (string, error) {
	if d := os.Getenv(CacheEnv); d != "" {
		return filepath.Abs(d)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("local: cannot locate the user cache directory (set %s): %w", CacheEnv, err)
	}
	return filepath.Join(d, "sparkgo"), nil
}

// ManagedDir returns the directory of the managed install of Spark version
// (major.minor, or a full version whose major.minor is used):
// <cache>/spark/<major.minor>. It does not check that the install exists.
func ManagedDir(version string) (string, error) {
	if version == "" {
		version = DefaultVersion
	}
	mm, _, err := majorMinor(version)
	if err != nil {
		return "", err
	}
	c, err := CacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(c, "spark", mm), nil
}

// runDir returns <cache>/run/<port>.
func runDir(port int) (string, error) {
	c, err := CacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(c, "run", strconv.Itoa(port)), nil
}

// majorMinor returns "major.minor" and the major number of a Spark version
// such as "4.1", "4.1.4" or "4.1.0-preview2".
func majorMinor(v string) (string, int, error) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return "", 0, fmt.Errorf("local: invalid Spark version %q: want major.minor such as %q", v, DefaultVersion)
	}
	major, err1 := strconv.Atoi(parts[0])
	minorStr := parts[1]
	if i := strings.IndexAny(minorStr, "-+"); i >= 0 {
		minorStr = minorStr[:i]
	}
	minor, err2 := strconv.Atoi(minorStr)
	if err1 != nil || err2 != nil || major < 0 || minor < 0 {
		return "", 0, fmt.Errorf("local: invalid Spark version %q: want major.minor such as %q", v, DefaultVersion)
	}
	return fmt.Sprintf("%d.%d", major, minor), major, nil
}

// versionMatches reports whether the found Spark version satisfies the
// wanted one: empty want matches anything, "4.1" matches "4.1.x", and a full
// version must be equal.
func versionMatches(want, found string) bool {
	if want == "" {
		return true
	}
	if want == found {
		return true
	}
	return strings.HasPrefix(found, want+".") || strings.HasPrefix(found, want+"-")
}
