// Command protogen regenerates sparkgo's Go bindings for the Spark Connect
// protocol (package connect/proto) from Spark's own .proto files.
//
// It downloads the pinned spark-connect-common jar from Maven Central (cached
// under the user cache directory, verified by sha256), extracts
// spark/connect/*.proto, and runs protoc with pinned protoc-gen-go and
// protoc-gen-go-grpc plugins. Spark's protos hard-code
// go_package = "internal/generated", so every file is remapped with an M
// option. Run it through `go generate ./connect/proto`.
package main

import (
	"archive/zip"
	"bytes"
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
	"sort"
	"strings"
)

// The artifact the bindings are generated from. Fields are only ever added
// between Spark 4.0 and 4.3, so one set serves every 4.x server.
const (
	sparkVersion = "4.1.2"
	jarURL       = "https://repo1.maven.org/maven2/org/apache/spark/spark-connect-common_2.13/" + sparkVersion + "/spark-connect-common_2.13-" + sparkVersion + ".jar"
	jarSHA256    = "3c9e0a6a8452a1d8d587c457c43321064f869aac3be953b5811d1fc07f768a67"

	protocGenGo     = "google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12"
	protocGenGoGRPC = "google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.0"

	goPackage = "github.com/sparkgo/sparkgo/connect/proto"
)

func main() {
	out := flag.String("out", ".", "directory that receives the generated .go files")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("protogen: ")
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

func run(out string) error {
	if _, err := exec.LookPath("protoc"); err != nil {
		return fmt.Errorf("protoc not found on PATH: install it (Debian: apt-get install protobuf-compiler)")
	}
	jar, err := fetchJar()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "sparkgo-protogen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	protos, err := extractProtos(jar, filepath.Join(work, "src"))
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

	var mopts []string
	for _, p := range protos {
		mopts = append(mopts, "M"+p+"="+goPackage+";proto")
	}
	args := []string{
		"--plugin=protoc-gen-go=" + filepath.Join(bin, "protoc-gen-go"),
		"--plugin=protoc-gen-go-grpc=" + filepath.Join(bin, "protoc-gen-go-grpc"),
		"-I", filepath.Join(work, "src"),
		"--go_out=" + out, "--go_opt=paths=source_relative",
		"--go-grpc_out=" + out, "--go-grpc_opt=paths=source_relative",
	}
	for _, m := range mopts {
		args = append(args, "--go_opt="+m, "--go-grpc_opt="+m)
	}
	args = append(args, protos...)
	cmd := exec.Command("protoc", args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("protoc: %w", err)
	}
	// paths=source_relative writes spark/connect/x.pb.go; flatten into out.
	gen := filepath.Join(out, "spark", "connect")
	entries, err := os.ReadDir(gen)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(gen, e.Name()), filepath.Join(out, e.Name())); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(filepath.Join(out, "spark")); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "protogen: generated %d files from Spark %s\n", len(protos), sparkVersion)
	return nil
}

// fetchJar returns the pinned jar's bytes, downloading it into the cache on
// first use; a cached copy whose sha256 does not match is fetched again.
func fetchJar() ([]byte, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(cache, "sparkgo", "protos", filepath.Base(jarURL))
	if data, err := os.ReadFile(path); err == nil && sha(data) == jarSHA256 {
		return data, nil
	}
	resp, err := http.Get(jarURL)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", jarURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download %s: %s", jarURL, resp.Status)
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", jarURL, err)
	}
	if got := sha(data); got != jarSHA256 {
		return nil, fmt.Errorf("%s: sha256 %s, want %s", jarURL, got, jarSHA256)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return data, os.WriteFile(path, data, 0o644)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// extractProtos writes spark/connect/*.proto from the jar under dir and
// returns their import paths, sorted.
func extractProtos(jar []byte, dir string) ([]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(jar), int64(len(jar)))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "spark/connect/") || !strings.HasSuffix(f.Name, ".proto") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return nil, err
		}
		names = append(names, f.Name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s holds no spark/connect/*.proto files", jarURL)
	}
	sort.Strings(names)
	return names, nil
}
