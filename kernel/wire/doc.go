// Package wire is the lowest layer of the sparkgo Jupyter kernel: it owns
// the connection file, the five ZeroMQ sockets, the message framing and
// signing of the Jupyter messaging protocol (version 5.x), and the
// heartbeat. It knows nothing about what a message means: routing requests
// to handlers belongs to a dispatch layer above it, and running code to an
// execution layer above that, which never imports this package.
//
// # Layers
//
//   - [ConnectionInfo] is the parsed connection file that Jupyter writes
//     and passes to the kernel (transport, ip, the five ports, key,
//     signature_scheme).
//   - [Signer] computes and checks the HMAC signature; [Encode] and
//     [Decode] turn a [Message] into ZeroMQ frames and back. Both are pure
//     functions with no I/O, so they can be tested and fuzzed on their own.
//   - [Session] stamps new messages with the kernel's own session id, a
//     fresh msg_id and the current date, and sets the parent header.
//   - [Kernel] binds the sockets ([Listen]), delivers verified incoming
//     messages on the [Kernel.Shell], [Kernel.Control] and [Kernel.Stdin]
//     channels, echoes heartbeats, and sends replies and IOPub messages
//     ([Kernel.Send], [Kernel.Reply], [Kernel.Publish]).
//
// # Wire format
//
// A message is the multipart ZeroMQ message
//
//	[identity..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffer...]
//
// The signature is the lowercase hex HMAC (the algorithm named by
// signature_scheme, normally hmac-sha256) over the exact bytes of the four
// JSON frames, in that order; identities, the delimiter and the buffers are
// not signed. An empty key means no signing: the signature frame is empty
// and incoming signatures are not checked.
//
// # Errors
//
// Frames never cause a panic. [Decode] reports a missing delimiter, too few
// frames or JSON that is not an object as an error wrapping [ErrMalformed],
// and a signature that does not match as an [*InvalidSignatureError]
// (compared in constant time with hmac.Equal). The [Kernel] logs such
// messages and drops them: a message with a bad signature is never
// answered. With a key set, a signature seen before is also rejected
// ([ErrDuplicateSignature]), as jupyter_client does, to refuse replays.
//
// # Concurrency
//
// ZeroMQ sockets are not safe for concurrent use. Every [Kernel] method
// that sends takes the one lock owned by the target socket, so Send, Reply
// and Publish are safe to call from any number of goroutines; messages sent
// to one socket leave in the order the lock was taken. Each receiving
// socket (shell, control, stdin) has exactly one goroutine reading it and
// feeding its channel, and the heartbeat socket has its own goroutine that
// echoes every ping, so a busy consumer never delays a heartbeat. The
// incoming channels are closed after [Kernel.Close] (or the cancellation of
// the context given to [Listen]); a consumer that stops reading a channel
// stalls only that socket.
//
// # Limits inherited from go-zeromq/zmq4
//
// A send to a ROUTER peer that stopped reading is not bounded by the send
// timeout (zmq4's connection writes ignore the context); zmq4 allocates a
// frame at the length its header declares, so a hostile local peer can
// force a large allocation; and PUB drops messages sent before a
// subscriber's subscription arrives (clients cope by retrying
// kernel_info, as jupyter_client's wait_for_ready does). The XPUB
// iopub_welcome message is not available.
//
// [Kernel.Close] is idempotent: it stops the readers, closes every socket
// and waits for the goroutines it started. The caller owns the *Kernel and
// must call Close. Messages delivered on the channels belong to the
// receiver; the package keeps no reference to them.
package wire
