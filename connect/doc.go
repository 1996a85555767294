// Package connect is a Spark Connect client: it talks gRPC to a Spark
// Connect server (Spark 4.0 or newer) and returns results as streams of
// Arrow record batches.
//
// A Session is one server session, opened from a connection string:
//
//	sess, err := connect.Connect(ctx, "sc://localhost:15002")
//	if err != nil { ... }
//	defer sess.Close()
//	rows, err := sess.SQL(ctx, "SELECT id, id * 2 AS twice FROM range(10) WHERE id > ?", 3)
//	if err != nil { ... }
//	defer rows.Close()
//	for rows.Next() {
//		batch := rows.RecordBatch() // arrow.RecordBatch, valid until Next
//		...
//	}
//	if err := rows.Err(); err != nil { ... }
//
// Connection strings follow Spark's specification (see ParseConnString);
// an empty one means the SPARK_REMOTE environment variable.
//
// # Execution
//
// Queries run as reattachable executions: when the network or the server
// cuts a result stream, the client reattaches to the running operation and
// continues where it stopped, so every row arrives exactly once. Results are
// read as they arrive and never buffered whole (unless Rows.ReadTable is
// asked for). Cancelling the context of a call interrupts its operation on
// the server; operations can also be interrupted by tag (ExecuteOptions.Tags)
// from another goroutine.
//
// # Errors
//
// Errors raised by Spark are *SparkError values carrying the error class,
// SQLSTATE, message parameters, the query context (the failing fragment of
// the SQL text), the server's cause chain and stack trace. Failures to reach
// the server are *TransportError values. When the server loses the session
// (restart, idle timeout), calls fail with an error wrapping ErrSessionReset;
// Session.Reconnect starts a new session.
//
// # Memory
//
// Record batches returned by Rows are valid until the next call to Next;
// call Retain to keep one longer and Release it when done. Uncompressed
// batches point into the gRPC messages they arrived in, whose buffers are
// reused for later messages once every batch using them is released: a
// string or byte slice taken from a batch aliases that memory, so copy it
// to keep it (or set Options.DisableBufferReuse). The same holds for an
// interceptor that keeps an ExecutePlanResponse: ArrowBatch.Data is part of
// such a buffer. Decompressed Arrow memory comes from Options.Allocator.
//
// # Protocol access
//
// Plans are built from the generated protocol types of package
// connect/proto; Session.Client and Session.Header give raw access for
// protocol features this package does not wrap.
package connect
