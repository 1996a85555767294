// Package proto holds the Go bindings of the Spark Connect protocol,
// generated from Spark's own spark/connect/*.proto files (Spark 4.1.2; fields
// are only added between 4.0 and 4.3, so they serve every 4.x server).
//
// Everything in this package except this file is generated: regenerate it with
// `go generate ./connect/proto` (needs protoc; see internal/protogen).
// Application code should use package connect rather than these types.
package proto

//go:generate go run ../../internal/protogen -out .
