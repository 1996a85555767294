package connect

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"os/user"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// Version is the sparkgo client version reported to servers.
const Version = "0.1.0"

// ErrSessionClosed is returned by calls on a Session after Close.
var ErrSessionClosed = errors.New("connect: the session is closed")

// ErrSessionReset is returned (wrapped) when the server no longer has this
// client's session: the server restarted or the session timed out.
var ErrSessionReset = errors.New("connect: the Spark session was reset: temporary views and cached data are gone; call Reconnect to start a new session")

// Session is a connection to one Spark Connect server session. It is safe for
// concurrent use by multiple goroutines; create one per server and reuse it.
type Session struct {
	cfg        Config
	conn       *grpc.ClientConn
	client     pb.SparkConnectServiceClient
	clientType string
	alloc      memory.Allocator
	// arrowBatchRows is the result batch size asked for at session start.
	arrowBatchRows int
	reuseBuffers   bool

	mu              sync.Mutex
	sessionID       string // client-chosen UUID
	userContext     *pb.UserContext
	serverSessionID string // as first reported by the server for sessionID
	sparkVersion    string

	closed atomic.Bool
}

// Options adjusts a Session beyond what the connection string carries. The
// zero value is ready to use.
type Options struct {
	// Allocator receives the memory of Arrow results; nil means
	// memory.DefaultAllocator.
	Allocator memory.Allocator
	// DialOptions are appended to the gRPC dial options sparkgo uses.
	DialOptions []grpc.DialOption
	// ArrowBatchRows is how many rows the server is asked to put in one
	// Arrow batch of a result (the session configuration
	// spark.sql.execution.arrow.maxRecordsPerBatch). 0 means
	// DefaultArrowBatchRows; a negative value leaves the server's setting.
	// Either way, a value the server was started with is kept.
	ArrowBatchRows int
	// DisableBufferReuse reads every result message into memory of its
	// own, left to the garbage collector, instead of reusing the memory of
	// batches already released. Reuse halves the client's CPU time on large
	// results (docs/benchmarks.md); disable it for code that keeps strings
	// or slices taken from record batches after releasing them.
	DisableBufferReuse bool
}

// DefaultArrowBatchRows is the Arrow batch size sparkgo asks for. Spark's
// own default, 10 000 rows, makes results of narrow rows arrive in many
// small messages; ten times that cut both the client's and the server's CPU
// time by a fifth to a quarter when collecting 10 M rows
// (docs/benchmarks.md). The server still caps a batch's bytes
// (spark.connect.grpc.arrow.maxBatchSize, 128 MiB, of which it fills about
// 70 %), so rows of a few kilobytes make batches of up to about 90 MB; a
// smaller ArrowBatchRows bounds the memory of one batch more tightly.
const DefaultArrowBatchRows = 100_000

// arrowBatchRowsKey is the session configuration ArrowBatchRows sets.
const arrowBatchRowsKey = "spark.sql.execution.arrow.maxRecordsPerBatch"

// Connect opens a session on the server named by the connection string
// remote ("" means SPARK_REMOTE) and checks that the server answers.
func Connect(ctx context.Context, remote string) (*Session, error) {
	cfg, err := ParseConnString(remote)
	if err != nil {
		return nil, err
	}
	return NewSession(ctx, cfg, Options{})
}

// NewSession opens a session described by cfg. It performs one round trip
// (the server's Spark version) so that an unreachable server is reported here
// rather than on first use.
func NewSession(ctx context.Context, cfg Config, opts Options) (*Session, error) {
	if cfg.Token == "" {
		cfg.Token = os.Getenv(TokenEnv)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	maxMsg := cfg.MaxMessageSize
	if maxMsg == 0 {
		maxMsg = DefaultMaxMessageSize
	}
	var creds credentials.TransportCredentials
	if cfg.UseSSL {
		roots, err := x509.SystemCertPool()
		if err != nil {
			return nil, fmt.Errorf("connect: loading the system's TLS roots: %w", err)
		}
		creds = credentials.NewTLS(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12})
	} else {
		creds = insecure.NewCredentials()
	}
	dial := []grpc.DialOption{
		grpc.WithTransportCredentials(creds),
		grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(maxMsg),
			grpc.MaxCallSendMsgSize(maxMsg),
		),
		grpc.WithUserAgent("sparkgo/" + Version),
	}
	dial = append(dial, transportOptions()...)
	if cfg.Token != "" || len(cfg.Headers) > 0 {
		dial = append(dial, grpc.WithPerRPCCredentials(headerCreds{
			token:      cfg.Token,
			headers:    cfg.Headers,
			requireTLS: !isLoopback(cfg.Host),
		}))
	}
	dial = append(dial, opts.DialOptions...)
	conn, err := grpc.NewClient(cfg.addr(), dial...)
	if err != nil {
		return nil, fmt.Errorf("connect: %s: %w", cfg.Redacted(), err)
	}
	s := &Session{
		cfg:            cfg,
		conn:           conn,
		client:         pb.NewSparkConnectServiceClient(conn),
		clientType:     clientType(cfg.UserAgent),
		alloc:          opts.Allocator,
		arrowBatchRows: opts.ArrowBatchRows,
		reuseBuffers:   !opts.DisableBufferReuse,
	}
	if s.arrowBatchRows == 0 {
		s.arrowBatchRows = DefaultArrowBatchRows
	}
	if s.alloc == nil {
		s.alloc = memory.DefaultAllocator
	}
	s.sessionID = cfg.SessionID
	if s.sessionID == "" {
		s.sessionID = uuid.NewString()
	}
	s.userContext = &pb.UserContext{UserId: userID(cfg.UserID), UserName: userID(cfg.UserID)}
	if err := s.start(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}

// start makes the first round trips of a server session: the Spark version
// (so that an unreachable server is reported at once) and the result batch
// size. The batch size is only an optimization: a server that refuses the
// setting (managed services restrict configuration) keeps its own.
func (s *Session) start(ctx context.Context) error {
	if _, err := s.fetchVersion(ctx); err != nil {
		return err
	}
	if s.arrowBatchRows <= 0 {
		return nil
	}
	err := s.setUnlessConfigured(ctx, arrowBatchRowsKey, strconv.Itoa(s.arrowBatchRows))
	if se := (*SparkError)(nil); errors.As(err, &se) {
		return nil
	}
	return err
}

// setUnlessConfigured sets key for this session unless it already has a
// value of its own (from the server's configuration, for instance).
func (s *Session) setUnlessConfigured(ctx context.Context, key, value string) error {
	set, err := s.AllConf(ctx, key)
	if err != nil {
		return err
	}
	if _, ok := set[key]; ok {
		return nil
	}
	return s.SetConf(ctx, map[string]string{key: value})
}

func clientType(userAgent string) string {
	if userAgent == "" {
		userAgent = "sparkgo"
	}
	return fmt.Sprintf("%s sparkgo/%s os/%s arch/%s go/%s", userAgent, Version, runtime.GOOS, runtime.GOARCH, strings.TrimPrefix(runtime.Version(), "go"))
}

func userID(fromConfig string) string {
	if fromConfig != "" {
		return fromConfig
	}
	if u := os.Getenv("SPARK_USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "sparkgo"
}

// Config returns the configuration the session was opened with (token included).
func (s *Session) Config() Config { return s.cfg }

// ID returns the client-side session UUID.
func (s *Session) ID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessionID
}

// ServerSessionID returns the server-side session id reported by the server,
// which changes when the server restarts or drops the session.
func (s *Session) ServerSessionID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.serverSessionID
}

// Client returns the raw generated gRPC client, the escape hatch for protocol
// features sparkgo does not wrap. Requests sent through it must carry the
// envelope of Header.
func (s *Session) Client() pb.SparkConnectServiceClient { return s.client }

// Header returns the fields every request must carry: the session id, the
// user context, the client type and the server session id observed so far
// (nil if none yet).
func (s *Session) Header() (sessionID string, user *pb.UserContext, clientType string, observed *string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.serverSessionID != "" {
		id := s.serverSessionID
		observed = &id
	}
	return s.sessionID, s.userContext, s.clientType, observed
}

// observe records the server-side session id of a response. A different id
// than before means the server lost our session.
func (s *Session) observe(serverSessionID string) error {
	if serverSessionID == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.serverSessionID {
	case "":
		s.serverSessionID = serverSessionID
		return nil
	case serverSessionID:
		return nil
	}
	return fmt.Errorf("%w (server session %s became %s)", ErrSessionReset, s.serverSessionID, serverSessionID)
}

// Reconnect replaces a reset or closed server session with a new one under a
// new session id, on the same connection. Temporary views, cached data and
// session configuration of the old session are not carried over.
func (s *Session) Reconnect(ctx context.Context) error {
	if s.closed.Load() {
		return ErrSessionClosed
	}
	s.mu.Lock()
	s.sessionID = uuid.NewString()
	s.serverSessionID = ""
	s.sparkVersion = ""
	s.mu.Unlock()
	return s.start(ctx)
}

// SparkVersion returns the server's Spark version, such as "4.1.4".
func (s *Session) SparkVersion(ctx context.Context) (string, error) {
	s.mu.Lock()
	v := s.sparkVersion
	s.mu.Unlock()
	if v != "" {
		return v, nil
	}
	return s.fetchVersion(ctx)
}

// VersionAtLeast reports whether the server's Spark version is at least
// major.minor, for features that arrived in a given release.
func (s *Session) VersionAtLeast(ctx context.Context, major, minor int) (bool, error) {
	v, err := s.SparkVersion(ctx)
	if err != nil {
		return false, err
	}
	var maj, min int
	if _, err := fmt.Sscanf(v, "%d.%d", &maj, &min); err != nil {
		return false, fmt.Errorf("connect: unreadable Spark version %q", v)
	}
	return maj > major || maj == major && min >= minor, nil
}

func (s *Session) fetchVersion(ctx context.Context) (string, error) {
	resp, err := s.analyze(ctx, &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_SparkVersion_{
		SparkVersion: &pb.AnalyzePlanRequest_SparkVersion{}}})
	if err != nil {
		return "", err
	}
	v := resp.GetSparkVersion().GetVersion()
	s.mu.Lock()
	s.sparkVersion = v
	s.mu.Unlock()
	return v, nil
}

// Close releases the server session (its temporary views, cached data and
// running operations) and the connection. It is safe to call more than once.
func (s *Session) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
	defer cancel()
	sid, uc, ct, _ := s.Header()
	_, err := s.client.ReleaseSession(ctx, &pb.ReleaseSessionRequest{SessionId: sid, UserContext: uc, ClientType: &ct})
	if cerr := s.conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return s.convertError(context.Background(), err)
	}
	return nil
}

func (s *Session) checkOpen() error {
	if s.closed.Load() {
		return ErrSessionClosed
	}
	return nil
}

// headerCreds attaches the bearer token and custom headers to every call.
type headerCreds struct {
	token      string
	headers    map[string]string
	requireTLS bool
}

func (h headerCreds) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	md := make(map[string]string, len(h.headers)+1)
	for k, v := range h.headers {
		md[k] = v
	}
	if h.token != "" {
		md["authorization"] = "Bearer " + h.token
	}
	return md, nil
}

func (h headerCreds) RequireTransportSecurity() bool { return h.requireTLS && h.token != "" }
