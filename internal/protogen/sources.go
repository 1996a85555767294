package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	// Well-known types the Spark Connect protos import; linking them
	// registers their descriptors in protoregistry.GlobalFiles.
	_ "google.golang.org/protobuf/types/known/anypb"
	_ "google.golang.org/protobuf/types/known/durationpb"
	_ "google.golang.org/protobuf/types/known/emptypb"
	_ "google.golang.org/protobuf/types/known/structpb"
	_ "google.golang.org/protobuf/types/known/timestamppb"
	_ "google.golang.org/protobuf/types/known/wrapperspb"
)

// fromJar extracts spark/connect/*.proto from the pinned Maven Central jar
// into work/src and returns their import paths and the protoc arguments
// that compile them.
func fromJar(work string) (files, input []string, err error) {
	p, err := fetch(connectCommonJar)
	if err != nil {
		return nil, nil, err
	}
	jar, err := os.ReadFile(p)
	if err != nil {
		return nil, nil, err
	}
	src := filepath.Join(work, "src")
	files, err = extractProtos(jar, src)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", connectCommonJar.url, err)
	}
	return files, []string{"-I", src}, nil
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
		return nil, fmt.Errorf("no spark/connect/*.proto files")
	}
	sort.Strings(names)
	return names, nil
}

// Members of a PySpark distribution, as paths relative to its root (an
// sdist's single top-level directory is stripped first).
var (
	pb2Member  = regexp.MustCompile(`^pyspark/sql/connect/proto/([a-z0-9_]+)_pb2\.py$`)
	jarMember  = regexp.MustCompile(`^(?:deps/jars|pyspark/jars)/spark-connect_2\.1[0-9]-[^/]+\.jar$`)
	sdistEntry = regexp.MustCompile(`^[^/]+/`)
)

// fromPySpark builds a FileDescriptorSet from the descriptors serialized in
// the pinned PySpark distribution, writes it to work/set.pb and returns the
// spark/connect import paths and the protoc arguments that load the set.
// With comments, source info from the bundled jar's .proto files is added
// (see addComments).
func fromPySpark(work string, comments bool) (files, input []string, err error) {
	p, err := fetch(pysparkDist)
	if err != nil {
		return nil, nil, err
	}
	pb2, jar, err := readPySpark(p)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", pysparkDist.url, err)
	}
	if len(pb2) == 0 {
		return nil, nil, fmt.Errorf("%s holds no pyspark/sql/connect/proto/*_pb2.py", pysparkDist.url)
	}

	spark := map[string]*descriptorpb.FileDescriptorProto{}
	for _, mod := range sortedKeys(pb2) {
		raw, err := serializedDescriptor(string(pb2[mod]))
		if err != nil {
			return nil, nil, fmt.Errorf("%s_pb2.py: %w", mod, err)
		}
		fd := new(descriptorpb.FileDescriptorProto)
		if err := proto.Unmarshal(raw, fd); err != nil {
			return nil, nil, fmt.Errorf("%s_pb2.py: descriptor: %w", mod, err)
		}
		name := fd.GetName()
		if want := "spark/connect/" + mod + ".proto"; name != want {
			return nil, nil, fmt.Errorf("%s_pb2.py describes %q, want %q", mod, name, want)
		}
		spark[name] = fd
		files = append(files, name)
	}
	sort.Strings(files)

	switch {
	case !comments:
	case jar != nil:
		if err := addComments(work, jar, spark); err != nil {
			return nil, nil, err
		}
	default:
		fmt.Fprintf(os.Stderr, "protogen: warning: %s bundles no spark-connect jar; generated code has no proto comments\n",
			path.Base(pysparkDist.url))
	}

	set, err := descriptorSet(spark)
	if err != nil {
		return nil, nil, err
	}
	data, err := proto.MarshalOptions{Deterministic: true}.Marshal(set)
	if err != nil {
		return nil, nil, err
	}
	setPath := filepath.Join(work, "set.pb")
	if err := os.WriteFile(setPath, data, 0o644); err != nil {
		return nil, nil, err
	}
	return files, []string{"--descriptor_set_in=" + setPath}, nil
}

// readPySpark returns the *_pb2.py modules of pyspark.sql.connect.proto
// (keyed by module name, e.g. "base") and the bundled spark-connect jar, if
// any, from a PySpark sdist (.tar.gz) or wheel (.whl).
func readPySpark(p string) (pb2 map[string][]byte, jar []byte, err error) {
	pb2 = map[string][]byte{}
	visit := func(name string, r io.Reader) error {
		if m := pb2Member.FindStringSubmatch(name); m != nil {
			data, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			pb2[m[1]] = data
		} else if jarMember.MatchString(name) {
			if jar != nil {
				return fmt.Errorf("more than one spark-connect jar (%s)", name)
			}
			data, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			jar = data
		}
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if strings.HasSuffix(p, ".whl") {
		st, err := f.Stat()
		if err != nil {
			return nil, nil, err
		}
		zr, err := zip.NewReader(f, st.Size())
		if err != nil {
			return nil, nil, err
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				return nil, nil, err
			}
			err = visit(zf.Name, rc)
			rc.Close()
			if err != nil {
				return nil, nil, err
			}
		}
		return pb2, jar, nil
	}
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if err := visit(sdistEntry.ReplaceAllString(h.Name, ""), tr); err != nil {
			return nil, nil, err
		}
	}
	return pb2, jar, nil
}

// addComments compiles the spark/connect/*.proto sources in jar with
// source info and copies that source info (the comments) onto each
// descriptor in spark that the source reproduces exactly. Files whose
// source differs keep no comments, with a warning.
func addComments(work string, jar []byte, spark map[string]*descriptorpb.FileDescriptorProto) error {
	src := filepath.Join(work, "jar-src")
	names, err := extractProtos(jar, src)
	if err != nil {
		return fmt.Errorf("bundled spark-connect jar: %w", err)
	}
	out := filepath.Join(work, "jar-src.pb")
	args := append([]string{"-I", src, "--include_source_info", "--descriptor_set_out=" + out}, names...)
	if err := protoc(args...); err != nil {
		return fmt.Errorf("compiling the bundled jar's protos: %w", err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	var compiled descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(data, &compiled); err != nil {
		return err
	}
	withComments := 0
	for _, c := range compiled.File {
		fd, ok := spark[c.GetName()]
		if !ok {
			continue
		}
		info := c.SourceCodeInfo
		c.SourceCodeInfo = nil
		if !proto.Equal(c, fd) {
			fmt.Fprintf(os.Stderr, "protogen: warning: %s in the bundled jar differs from the PySpark descriptor; its generated code has no comments\n",
				c.GetName())
			continue
		}
		fd.SourceCodeInfo = info
		withComments++
	}
	if withComments < len(spark) {
		fmt.Fprintf(os.Stderr, "protogen: warning: comments for %d of %d files only\n", withComments, len(spark))
	}
	return nil
}

// descriptorSet returns the spark files plus every file they import that
// is not one of them (the google/protobuf well-known types, taken from the
// Go runtime's registry), ordered so that each file follows its imports.
func descriptorSet(spark map[string]*descriptorpb.FileDescriptorProto) (*descriptorpb.FileDescriptorSet, error) {
	set := new(descriptorpb.FileDescriptorSet)
	done := map[string]bool{}
	var visit func(name string, from string) error
	visit = func(name, from string) error {
		if done[name] {
			return nil
		}
		done[name] = true
		fd, ok := spark[name]
		if !ok {
			d, err := protoregistry.GlobalFiles.FindFileByPath(name)
			if err != nil {
				return fmt.Errorf("%s imports %s, which is neither in the PySpark distribution nor a known Go well-known type: %w", from, name, err)
			}
			fd = protodesc.ToFileDescriptorProto(d)
		}
		for _, dep := range fd.Dependency {
			if err := visit(dep, name); err != nil {
				return err
			}
		}
		set.File = append(set.File, fd)
		return nil
	}
	for _, name := range sortedKeys(spark) {
		if err := visit(name, ""); err != nil {
			return nil, err
		}
	}
	return set, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
