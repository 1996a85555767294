package main

import (
	"archive/tar"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

func TestDescriptorSet(t *testing.T) {
	file := func(name string, deps ...string) *descriptorpb.FileDescriptorProto {
		return &descriptorpb.FileDescriptorProto{Name: proto.String(name), Dependency: deps}
	}
	spark := map[string]*descriptorpb.FileDescriptorProto{
		"spark/connect/a.proto": file("spark/connect/a.proto", "spark/connect/b.proto", "google/protobuf/any.proto"),
		"spark/connect/b.proto": file("spark/connect/b.proto", "google/protobuf/timestamp.proto", "google/protobuf/any.proto"),
	}
	set, err := descriptorSet(spark)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range set.File {
		got = append(got, f.GetName())
	}
	want := []string{"google/protobuf/timestamp.proto", "google/protobuf/any.proto", "spark/connect/b.proto", "spark/connect/a.proto"}
	if len(got) != len(want) {
		t.Fatalf("descriptorSet files = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("descriptorSet files = %q, want %q", got, want)
		}
	}
	if len(set.File[1].MessageType) == 0 {
		t.Errorf("google/protobuf/any.proto has no messages")
	}

	spark["spark/connect/c.proto"] = file("spark/connect/c.proto", "google/protobuf/nonexistent.proto")
	if _, err := descriptorSet(spark); err == nil {
		t.Errorf("descriptorSet with an unknown import succeeded")
	}
}

func TestReadPySparkSdist(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pyspark-9.9.9.tar.gz")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for name, body := range map[string]string{
		"pyspark-9.9.9/pyspark/sql/connect/proto/base_pb2.py":      "base",
		"pyspark-9.9.9/pyspark/sql/connect/proto/ml_common_pb2.py": "ml_common",
		"pyspark-9.9.9/pyspark/sql/connect/proto/base_pb2.pyi":     "stub",
		"pyspark-9.9.9/pyspark/sql/connect/proto/base_pb2_grpc.py": "grpc",
		"pyspark-9.9.9/pyspark/sql/other/proto/x_pb2.py":           "other",
		"pyspark-9.9.9/deps/jars/spark-connect_2.13-9.9.9.jar":     "jar",
		"pyspark-9.9.9/deps/jars/spark-core_2.13-9.9.9.jar":        "core",
	} {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []interface{ Close() error }{tw, gz, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	pb2, jar, err := readPySpark(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pb2) != 2 || string(pb2["base"]) != "base" || string(pb2["ml_common"]) != "ml_common" {
		t.Errorf("pb2 = %q", pb2)
	}
	if string(jar) != "jar" {
		t.Errorf("jar = %q, want %q", jar, "jar")
	}
}
