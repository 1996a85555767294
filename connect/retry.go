package connect

import (
	"context"
	"math/rand/v2"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The retry policy of the official Spark Connect clients: 15 retries,
// starting at 50 ms and growing 4× up to 60 s, with up to 500 ms of jitter
// once the wait reaches 2 s; a server-requested delay is honoured up to 10 min.
// Unlike them, sparkgo gives up once it has waited retryBudget in all, so a
// server that died is reported within a minute instead of ten.
const (
	retryBudget       = time.Minute
	maxRetries        = 15
	initialBackoff    = 50 * time.Millisecond
	backoffMultiplier = 4
	maxBackoff        = 60 * time.Second
	jitterThreshold   = 2 * time.Second
	maxJitter         = 500 * time.Millisecond
	maxServerDelay    = 10 * time.Minute
	releaseTimeout    = 10 * time.Second
)

// backoff tracks the waits between retries of one operation.
type backoff struct {
	attempt int
	next    time.Duration
	waited  time.Duration
}

// wait sleeps before the next retry of err, or returns false when err is not
// retryable or the retries are used up.
func (b *backoff) wait(ctx context.Context, err error) bool {
	ok, serverDelay := retryable(err)
	if !ok || b.attempt >= maxRetries {
		return false
	}
	b.attempt++
	if b.next == 0 {
		b.next = initialBackoff
	}
	d := b.next
	b.next = min(b.next*backoffMultiplier, maxBackoff)
	if serverDelay > 0 {
		d = min(serverDelay, maxServerDelay)
	}
	if d >= jitterThreshold {
		d += rand.N(maxJitter)
	}
	if b.waited+d > retryBudget && serverDelay == 0 {
		return false
	}
	b.waited += d
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// reset forgets earlier failures after an attempt made progress.
func (b *backoff) reset() { *b = backoff{} }

// retryable reports whether a failed call may be retried, and the delay the
// server asked for, if any.
func retryable(err error) (bool, time.Duration) {
	st, ok := status.FromError(err)
	if !ok {
		return false, 0
	}
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			return true, ri.GetRetryDelay().AsDuration()
		}
	}
	switch st.Code() {
	case codes.Unavailable:
		return true, 0
	case codes.Internal:
		return strings.Contains(st.Message(), "INVALID_CURSOR.DISCONNECTED"), 0
	}
	return false, 0
}

// unary runs one idempotent unary call with retries and converts its error.
func (s *Session) unary(ctx context.Context, call func(context.Context) error) error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	var b backoff
	for {
		err := call(ctx)
		if err == nil {
			return nil
		}
		if !b.wait(ctx, err) {
			return s.convertError(ctx, err)
		}
	}
}
