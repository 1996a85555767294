package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// SparkError is an error raised by Spark on the server: an analysis error, a
// failed job, a bad configuration key and so on. Use errors.As to get it.
type SparkError struct {
	// ErrorClass is Spark's error condition, such as
	// "UNRESOLVED_COLUMN.WITH_SUGGESTION"; "" for errors without one.
	ErrorClass string
	// SQLState is the five-character SQLSTATE, such as "42703".
	SQLState string
	// Message is Spark's full message.
	Message string
	// Parameters are the values substituted into the error class's message.
	Parameters map[string]string
	// QueryContexts locate the error in the SQL text or DataFrame code.
	QueryContexts []QueryContext
	// ExceptionClass is the JVM exception class, such as
	// "org.apache.spark.sql.AnalysisException".
	ExceptionClass string
	// StackTrace is the server's stack trace, when the server sends it.
	StackTrace []StackFrame
	// Cause is the error that caused this one on the server, if known.
	Cause *SparkError
	// ErrorID identifies the error on the server (for FetchErrorDetails).
	ErrorID string
	// Code is the gRPC status code the error arrived with.
	Code codes.Code
}

// QueryContext points at the part of a query that failed.
type QueryContext struct {
	// Kind is "SQL" for SQL text or "DataFrame" for API calls.
	Kind string
	// ObjectType and ObjectName name what the SQL text belongs to (a view, say);
	// both are empty for a query issued directly.
	ObjectType, ObjectName string
	// Start and Stop are the character indexes of the fragment in the SQL
	// text, both inclusive, counted in UTF-16 code units as Java does.
	Start, Stop int
	// Fragment is the failing part of the SQL text.
	Fragment string
	// CallSite is where a DataFrame error was raised in client code.
	CallSite string
	// Summary is Spark's human-readable rendering of the context.
	Summary string
}

// StackFrame is one line of a server stack trace.
type StackFrame struct {
	Class, Method, File string
	Line                int
}

// Error returns the first line of Spark's message, which carries the error
// class and SQLSTATE, e.g.
// "[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found. ... SQLSTATE: 42P01".
func (e *SparkError) Error() string {
	msg, _, _ := strings.Cut(strings.TrimSpace(e.Message), "\n")
	if msg == "" {
		msg = e.ExceptionClass
	}
	if e.ErrorClass != "" && !strings.Contains(msg, "["+e.ErrorClass+"]") {
		msg = "[" + e.ErrorClass + "] " + msg
	}
	if e.SQLState != "" && !strings.Contains(msg, "SQLSTATE") {
		msg += " SQLSTATE: " + e.SQLState
	}
	return msg
}

// Unwrap returns the server-side cause, so errors.As finds causes too.
func (e *SparkError) Unwrap() error {
	if e.Cause == nil {
		return nil
	}
	return e.Cause
}

// Is reports whether e has the same error class as target (a *SparkError
// with only ErrorClass set), so errors.Is(err, &SparkError{ErrorClass: "X"})
// matches any X error. A target class "A" also matches "A.B".
func (e *SparkError) Is(target error) bool {
	t, ok := target.(*SparkError)
	if !ok || t.ErrorClass == "" {
		return false
	}
	return e.ErrorClass == t.ErrorClass || strings.HasPrefix(e.ErrorClass, t.ErrorClass+".")
}

// TransportError is a failure to talk to the server at all (unreachable,
// TLS or authentication failure, connection cut), as opposed to an error
// Spark raised.
type TransportError struct {
	Addr string     // host:port of the server
	Code codes.Code // gRPC status code
	Err  error      // the gRPC error
}

func (e *TransportError) Error() string {
	switch e.Code {
	case codes.Unavailable:
		return fmt.Sprintf("connect: cannot reach the Spark Connect server at %s (is it running?): %s", e.Addr, status.Convert(e.Err).Message())
	case codes.Unauthenticated, codes.PermissionDenied:
		return fmt.Sprintf("connect: the Spark Connect server at %s refused the credentials: %s", e.Addr, status.Convert(e.Err).Message())
	case codes.DeadlineExceeded:
		return fmt.Sprintf("connect: the Spark Connect server at %s did not answer in time: %s", e.Addr, status.Convert(e.Err).Message())
	}
	return fmt.Sprintf("connect: talking to the Spark Connect server at %s: %s: %s", e.Addr, e.Code, status.Convert(e.Err).Message())
}

func (e *TransportError) Unwrap() error { return e.Err }

// sessionGoneClasses are the error classes meaning the server lost our session.
var sessionGoneClasses = []string{
	"INVALID_HANDLE.SESSION_CHANGED",
	"INVALID_HANDLE.SESSION_NOT_FOUND",
	"INVALID_HANDLE.SESSION_CLOSED",
}

// convertError turns a gRPC error into a *SparkError, a *TransportError or
// the context's error. Spark errors that carry an error id get their full
// details (untruncated message, query context, cause chain, stack trace) from
// FetchErrorDetails.
func (s *Session) convertError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		status.Code(err) == codes.Canceled || status.Code(err) == codes.DeadlineExceeded) {
		return fmt.Errorf("connect: %w", context.Cause(ctx))
	}
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	var info *errdetails.ErrorInfo
	for _, d := range st.Details() {
		if ei, ok := d.(*errdetails.ErrorInfo); ok {
			info = ei
		}
	}
	if info == nil {
		if st.Code() == codes.Internal || st.Code() == codes.Unknown || st.Code() == codes.InvalidArgument {
			// A server-side failure without structured details.
			return &SparkError{Message: st.Message(), Code: st.Code()}
		}
		return &TransportError{Addr: s.cfg.addr(), Code: st.Code(), Err: err}
	}
	se := &SparkError{
		Message:        st.Message(),
		ExceptionClass: info.GetReason(),
		ErrorClass:     info.GetMetadata()["errorClass"],
		SQLState:       info.GetMetadata()["sqlState"],
		ErrorID:        info.GetMetadata()["errorId"],
		Code:           st.Code(),
	}
	if p := info.GetMetadata()["messageParameters"]; p != "" {
		_ = json.Unmarshal([]byte(p), &se.Parameters)
	}
	if se.ErrorID != "" {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		if full := s.fetchErrorDetails(dctx, se.ErrorID); full != nil {
			full.Code = st.Code()
			full.ErrorID = se.ErrorID
			se = full
		}
		cancel()
	}
	for _, c := range sessionGoneClasses {
		if se.ErrorClass == c {
			return fmt.Errorf("%w: %w", ErrSessionReset, se)
		}
	}
	return se
}

// fetchErrorDetails returns the error chain stored under id, or nil when the
// server cannot give it (best effort, as in the official clients).
func (s *Session) fetchErrorDetails(ctx context.Context, id string) *SparkError {
	sid, uc, ct, obs := s.Header()
	resp, err := s.client.FetchErrorDetails(ctx, &pb.FetchErrorDetailsRequest{
		SessionId: sid, UserContext: uc, ClientType: &ct, ErrorId: id,
		ClientObservedServerSideSessionId: obs,
	})
	if err != nil || resp.RootErrorIdx == nil || int(resp.GetRootErrorIdx()) >= len(resp.GetErrors()) {
		return nil
	}
	return buildErrorChain(resp.GetErrors(), int(resp.GetRootErrorIdx()), 0)
}

func buildErrorChain(errs []*pb.FetchErrorDetailsResponse_Error, i, depth int) *SparkError {
	if i < 0 || i >= len(errs) || depth > len(errs) {
		return nil
	}
	e := errs[i]
	se := &SparkError{Message: e.GetMessage()}
	if h := e.GetErrorTypeHierarchy(); len(h) > 0 {
		se.ExceptionClass = h[0]
	}
	for _, f := range e.GetStackTrace() {
		se.StackTrace = append(se.StackTrace, StackFrame{
			Class: f.GetDeclaringClass(), Method: f.GetMethodName(), File: f.GetFileName(), Line: int(f.GetLineNumber()),
		})
	}
	if t := e.GetSparkThrowable(); t != nil {
		se.ErrorClass = t.GetErrorClass()
		se.SQLState = t.GetSqlState()
		if len(t.GetMessageParameters()) > 0 {
			se.Parameters = t.GetMessageParameters()
		}
		for _, q := range t.GetQueryContexts() {
			kind := "SQL"
			if q.GetContextType() == pb.FetchErrorDetailsResponse_QueryContext_DATAFRAME {
				kind = "DataFrame"
			}
			se.QueryContexts = append(se.QueryContexts, QueryContext{
				Kind: kind, ObjectType: q.GetObjectType(), ObjectName: q.GetObjectName(),
				Start: int(q.GetStartIndex()), Stop: int(q.GetStopIndex()), Fragment: q.GetFragment(),
				CallSite: q.GetCallSite(), Summary: q.GetSummary(),
			})
		}
	}
	if e.CauseIdx != nil {
		se.Cause = buildErrorChain(errs, int(e.GetCauseIdx()), depth+1)
	}
	return se
}
