// Package proto holds the Go bindings of the Spark Connect protocol of
// Spark 4.3.0, the newest release: generated from the FileDescriptorProtos
// serialized in the pinned PyPI pyspark 4.3.0 distribution
// (pyspark/sql/connect/proto/*_pb2.py), with the comments of the matching
// spark/connect/*.proto sources bundled in it. Between 4.0 and 4.3 fields and
// RPCs are only added (a few pipelines fields are deprecated), so these
// bindings serve every 4.x server; features newer than the server must be
// gated on its version (e.g. the GetStatus RPC and the Catalog drop_table ..
// analyze_table commands are 4.2+; the nanosecond timestamp types and the
// Zip relation are 4.3+).
//
// Everything in this package except this file is generated: regenerate it with
// `go generate ./connect/proto` (needs protoc; see internal/protogen, whose
// -source=jar generates from the Maven Central spark-connect-common 4.1.2 jar
// instead).
// Application code should use package connect rather than these types.
package proto

//go:generate go run ../../internal/protogen -out .
