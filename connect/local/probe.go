package local

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/user"
	"strconv"
	"time"

	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/sparkgo/sparkgo/connect/proto"
)

const probeClientType = "sparkgo-local"

// prober holds one gRPC connection used for repeated readiness probes.
type prober struct {
	conn   *grpc.ClientConn
	client proto.SparkConnectServiceClient
	// session is the probe's session id; it is released by close.
	session string
	user    string
	used    bool
}

func newProber(port int) (*prober, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	conn, err := grpc.NewClient("passthrough:///"+addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second},
			MinConnectTimeout: 2 * time.Second,
		}))
	if err != nil {
		return nil, fmt.Errorf("local: grpc client for %s: %w", addr, err)
	}
	return &prober{
		conn:    conn,
		client:  proto.NewSparkConnectServiceClient(conn),
		session: uuid.NewString(),
		user:    userID(),
	}, nil
}

// sparkVersion sends AnalyzePlan(spark_version) and returns the version.
func (p *prober) sparkVersion(ctx context.Context) (string, error) {
	ct := probeClientType
	resp, err := p.client.AnalyzePlan(ctx, &proto.AnalyzePlanRequest{
		SessionId:   p.session,
		UserContext: &proto.UserContext{UserId: p.user},
		ClientType:  &ct,
		Analyze:     &proto.AnalyzePlanRequest_SparkVersion_{SparkVersion: &proto.AnalyzePlanRequest_SparkVersion{}},
	})
	if err != nil {
		return "", err
	}
	p.used = true
	v := resp.GetSparkVersion().GetVersion()
	if v == "" {
		return "", errors.New("server answered AnalyzePlan without a spark_version")
	}
	return v, nil
}

// close releases the probe session (best effort) and the connection.
func (p *prober) close() {
	if p.used {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		ct := probeClientType
		_, _ = p.client.ReleaseSession(ctx, &proto.ReleaseSessionRequest{
			SessionId:   p.session,
			UserContext: &proto.UserContext{UserId: p.user},
			ClientType:  &ct,
		})
		cancel()
	}
	p.conn.Close()
}

// Probe asks the Spark Connect server on 127.0.0.1:port for its version with
// a gRPC AnalyzePlan(spark_version) call, then releases the session it
// used. It makes one attempt bounded by ctx; the caller sets the deadline.
func Probe(ctx context.Context, port int) (version string, err error) {
	p, err := newProber(port)
	if err != nil {
		return "", err
	}
	defer p.close()
	v, err := p.sparkVersion(ctx)
	if err != nil {
		return "", fmt.Errorf("local: probing spark connect on 127.0.0.1:%d: %w", port, err)
	}
	return v, nil
}

func userID() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "sparkgo"
}
