package ml

import (
	"errors"
	"fmt"

	"github.com/sparkgo/sparkgo/connect"
)

// VersionError is returned when the server's Spark is older than 4.0, the
// first release that runs ML over Spark Connect.
type VersionError struct {
	// Version is the server's Spark version, such as "3.5.3".
	Version string
}

// Error says which Spark version is needed and which the server runs.
func (e *VersionError) Error() string {
	return "ML over Spark Connect needs Spark 4.0+; this server is " + e.Version
}

// ErrClosed is returned by a Model used after Close.
var ErrClosed = errors.New("ml: the model is closed (its server object was freed)")

// NotAllowedError is returned when the server refuses an ML operator or a
// model attribute that is not on its allowlist
// (CONNECT_ML.UNSUPPORTED_EXCEPTION, CONNECT_ML.ATTRIBUTE_NOT_ALLOWED).
// It wraps the server's *connect.SparkError.
type NotAllowedError struct {
	// Operator is the operator class or attribute the server refused.
	Operator string
	// Err is the server's error.
	Err error
}

// Error names what the server refused and gives the server's message.
func (e *NotAllowedError) Error() string {
	return fmt.Sprintf("the Spark Connect server does not allow %s (not on its ML allowlist): %v", e.Operator, e.Err)
}

// Unwrap returns the server's error.
func (e *NotAllowedError) Unwrap() error { return e.Err }

// Spark ML error classes sent by the server.
var (
	errUnsupported  = &connect.SparkError{ErrorClass: "CONNECT_ML.UNSUPPORTED_EXCEPTION"}
	errNotAllowed   = &connect.SparkError{ErrorClass: "CONNECT_ML.ATTRIBUTE_NOT_ALLOWED"}
	errSummaryLost  = &connect.SparkError{ErrorClass: "CONNECT_ML.MODEL_SUMMARY_LOST"}
	errCacheInvalid = &connect.SparkError{ErrorClass: "CONNECT_ML.CACHE_INVALID"}
)

// classify wraps a server error refusing operator what in a NotAllowedError,
// and returns other errors unchanged.
func classify(err error, what string) error {
	if errors.Is(err, errUnsupported) || errors.Is(err, errNotAllowed) {
		return &NotAllowedError{Operator: what, Err: err}
	}
	return err
}
