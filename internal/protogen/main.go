// Command protogen regenerates sparkgo's Go bindings for the Spark Connect
// protocol (package connect/proto). Run it through `go generate ./connect/proto`.
//
// By default (-source=pypi) the bindings come from the newest Spark release,
// whose only registry artifact carrying the protocol is PySpark on PyPI
// (when this was written, Maven Central's newest spark-connect-common was
// 4.1.2). protogen downloads the pinned pyspark distribution (cached under
// the user cache directory, verified by sha256), decodes the serialized
// FileDescriptorProtos that its pyspark/sql/connect/proto/*_pb2.py modules
// register, adds the google/protobuf files they import (from the Go
// well-known types), and runs protoc on that descriptor set. Descriptors carry no comments, so when the
// distribution also bundles the matching Spark Connect jar with the .proto
// sources, protoc compiles those too and their comments (source info) are
// grafted onto every descriptor they reproduce exactly; the descriptors stay
// authoritative.
//
// With -source=jar it instead extracts spark/connect/*.proto from the pinned
// spark-connect-common jar on Maven Central (Spark 4.1.2) and compiles them.
//
// Both paths run protoc with pinned protoc-gen-go and protoc-gen-go-grpc
// plugins. Spark's protos hard-code go_package = "internal/generated", so
// every file is remapped with an M option.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
)

// An artifact is a registry download pinned by URL and sha256.
type artifact struct {
	sparkVersion string
	url          string
	sha256       string
}

var (
	// PySpark 4.3.0 is published on PyPI as a source distribution only (no
	// wheel); it holds pyspark/sql/connect/proto/*_pb2.py and, under
	// deps/jars, the spark-connect jar with the .proto sources.
	pysparkDist = artifact{
		sparkVersion: "4.3.0",
		url:          "https://files.pythonhosted.org/packages/46/b2/4e28aaffe28db4745ac5df3ee9115719c1b5da5cce4106bee99c82d1eb2c/pyspark-4.3.0.tar.gz",
		sha256:       "e8c517948eff7088a7aa07449aa8eafa4a15a8d50319de2525a6fd26622476c6",
	}
	connectCommonJar = artifact{
		sparkVersion: "4.1.2",
		url:          "https://repo1.maven.org/maven2/org/apache/spark/spark-connect-common_2.13/4.1.2/spark-connect-common_2.13-4.1.2.jar",
		sha256:       "3c9e0a6a8452a1d8d587c457c43321064f869aac3be953b5811d1fc07f768a67",
	}
)

const (
	protocGenGo     = "google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12"
	protocGenGoGRPC = "google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.0"

	goPackage = "github.com/sparkgo/sparkgo/connect/proto"
)

func main() {
	out := flag.String("out", ".", "directory that receives the generated .go files")
	source := flag.String("source", "pypi", "where the protocol comes from: pypi (descriptors in the PySpark "+
		pysparkDist.sparkVersion+" distribution; alias wheel) or jar (.proto files in the spark-connect-common "+
		connectCommonJar.sparkVersion+" jar)")
	comments := flag.Bool("comments", true, "with -source=pypi, take comments from the .proto sources in the spark-connect jar "+
		"bundled with PySpark where they match the descriptors")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("protogen: ")
	if err := run(*out, *source, *comments); err != nil {
		log.Fatal(err)
	}
}

func run(out, source string, comments bool) error {
	if _, err := exec.LookPath("protoc"); err != nil {
		return fmt.Errorf("protoc not found on PATH: install it (Debian: apt-get install protobuf-compiler)")
	}
	work, err := os.MkdirTemp("", "sparkgo-protogen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	// input: the protoc arguments that make the files (import paths) known.
	var (
		files   []string
		input   []string
		version string
	)
	switch source {
	case "pypi", "wheel", "sdist":
		files, input, err = fromPySpark(work, comments)
		version = pysparkDist.sparkVersion
	case "jar":
		files, input, err = fromJar(work)
		version = connectCommonJar.sparkVersion
	default:
		return fmt.Errorf("-source=%s: want pypi or jar", source)
	}
	if err != nil {
		return err
	}

	bin := filepath.Join(work, "bin")
	for _, tool := range []string{protocGenGo, protocGenGoGRPC} {
		cmd := exec.Command("go", "install", tool)
		cmd.Env = append(os.Environ(), "GOBIN="+bin)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go install %s: %w", tool, err)
		}
	}

	gen := filepath.Join(work, "gen")
	if err := os.MkdirAll(gen, 0o755); err != nil {
		return err
	}
	args := []string{
		"--plugin=protoc-gen-go=" + filepath.Join(bin, "protoc-gen-go"),
		"--plugin=protoc-gen-go-grpc=" + filepath.Join(bin, "protoc-gen-go-grpc"),
		"--go_out=" + gen, "--go_opt=paths=source_relative",
		"--go-grpc_out=" + gen, "--go-grpc_opt=paths=source_relative",
	}
	args = append(args, input...)
	for _, f := range files {
		m := "M" + f + "=" + goPackage + ";proto"
		args = append(args, "--go_opt="+m, "--go-grpc_opt="+m)
	}
	args = append(args, files...)
	if err := protoc(args...); err != nil {
		return err
	}
	// paths=source_relative writes spark/connect/x.pb.go; flatten into out.
	dir := filepath.Join(gen, "spark", "connect")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := copyFile(filepath.Join(dir, e.Name()), filepath.Join(out, e.Name())); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "protogen: generated %d files from Spark %s (-source=%s)\n", len(files), version, source)
	return nil
}

func protoc(args ...string) error {
	cmd := exec.Command("protoc", args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("protoc: %w", err)
	}
	return nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// fetch returns the path of the artifact in the cache (under the user cache
// directory), downloading it on first use; a cached copy whose sha256 does
// not match is fetched again. Downloads are streamed to disk, as the PySpark
// distribution is several hundred megabytes.
func fetch(a artifact) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(cache, "sparkgo", "protos", filepath.Base(a.url))
	if got, err := fileSHA(path); err == nil && got == a.sha256 {
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "protogen: downloading %s\n", a.url)
	resp, err := http.Get(a.url)
	if err != nil {
		return "", fmt.Errorf("download %s: %w", a.url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("download %s: %s", a.url, resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.part")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(tmp, h), resp.Body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("download %s: %w", a.url, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.sha256 {
		return "", fmt.Errorf("%s: sha256 %s, want %s", a.url, got, a.sha256)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", err
	}
	return path, os.Rename(tmp.Name(), path)
}

func fileSHA(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
