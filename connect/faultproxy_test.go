package connect_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

var faultSeed = flag.Uint64("faultseed", 20260112, "seed of the random cut points of TestFaultProxy…")

// faultProxy is a TCP proxy in front of a Spark Connect server that cuts
// connections abruptly (RST to both ends) at random points. Each connection
// gets a byte budget drawn from a seeded generator, usually for the
// server→client direction (cutting result streams mid-message) and sometimes
// for the client→server direction (cutting requests before the server has
// them); the proxy kills the connection in the middle of the read that
// exhausts the budget. cutNextRequest makes it lose a request on purpose.
type faultProxy struct {
	ln     net.Listener
	target string
	rules  faultRules

	mu    sync.Mutex
	rng   *rand.Rand
	conns map[net.Conn]struct{} // nil once closed

	dropNext atomic.Bool // cut at the next client→server read, dropping it

	cuts     atomic.Int64 // connections the proxy cut
	upCuts   atomic.Int64 // of which while the client was sending
	accepted atomic.Int64
	wg       sync.WaitGroup
}

// faultRules says where a faultProxy cuts.
type faultRules struct {
	// Every connection is cut after a number of server→client bytes drawn
	// uniformly from [DownMin, DownMax].
	DownMin, DownMax int64
	// With probability UpRate it is instead cut after a number of
	// client→server bytes drawn from [UpMin, UpMax].
	UpRate       float64
	UpMin, UpMax int64
}

// newFaultProxy starts a proxy on 127.0.0.1:0 that forwards to target and
// cuts connections following rules. It stops when t ends.
func newFaultProxy(t *testing.T, target string, seed uint64, rules faultRules) *faultProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{
		ln: ln, target: target, rules: rules,
		rng:   rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		conns: map[net.Conn]struct{}{},
	}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(p.close)
	return p
}

func (p *faultProxy) addr() string { return p.ln.Addr().String() }

// cutNextRequest makes the proxy cut the connection that next carries bytes
// from the client, without forwarding them: the request they belong to
// never reaches the server.
func (p *faultProxy) cutNextRequest() { p.dropNext.Store(true) }

func (p *faultProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *faultProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go p.handle(c)
	}
}

// budgets draws the byte budgets of a new connection (-1: unlimited) and
// registers its two sides so that close can end them; ok is false when the
// proxy is closing.
func (p *faultProxy) budgets(client, server net.Conn) (down, up int64, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conns == nil {
		return 0, 0, false
	}
	p.conns[client], p.conns[server] = struct{}{}, struct{}{}
	r := p.rules
	if r.UpRate > 0 && p.rng.Float64() < r.UpRate {
		return -1, r.UpMin + p.rng.Int64N(r.UpMax-r.UpMin+1), true
	}
	return r.DownMin + p.rng.Int64N(r.DownMax-r.DownMin+1), -1, true
}

func (p *faultProxy) handle(client net.Conn) {
	defer p.wg.Done()
	server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		client.Close()
		return
	}
	down, up, ok := p.budgets(client, server)
	if !ok {
		client.Close()
		server.Close()
		return
	}
	p.accepted.Add(1)
	defer func() {
		p.mu.Lock()
		if p.conns != nil {
			delete(p.conns, client)
			delete(p.conns, server)
		}
		p.mu.Unlock()
	}()

	var once sync.Once
	shut := func(abort, upstream bool) {
		once.Do(func() {
			if abort {
				p.cuts.Add(1)
				if upstream {
					p.upCuts.Add(1)
				}
				// Linger 0 makes Close send RST rather than FIN: both ends
				// see the connection die, as behind a failing middlebox.
				client.(*net.TCPConn).SetLinger(0)
				server.(*net.TCPConn).SetLinger(0)
			}
			client.Close()
			server.Close()
		})
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		pump(client, server, up, &p.dropNext, func(abort bool) { shut(abort, true) })
	}()
	pump(server, client, down, nil, func(abort bool) { shut(abort, false) })
	<-done
}

// pump copies src to dst until either fails, or until budget bytes
// (if budget >= 0) have been copied: then it forwards the bytes up to the
// budget and cuts the connection. If drop is set when a read returns, pump
// clears it and cuts the connection without forwarding what it read.
func pump(src, dst net.Conn, budget int64, drop *atomic.Bool, shut func(abort bool)) {
	buf := make([]byte, 32<<10)
	var sent int64
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if drop != nil && drop.CompareAndSwap(true, false) {
				shut(true)
				return
			}
			if budget >= 0 && sent+int64(n) >= budget {
				dst.Write(buf[:budget-sent])
				shut(true)
				return
			}
			if _, err := dst.Write(buf[:n]); err != nil {
				shut(false)
				return
			}
			sent += int64(n)
		}
		if err != nil {
			shut(false)
			return
		}
	}
}

// proxiedRemote returns the test server's address (from SPARK_REMOTE) and
// its connection string with the address replaced by addr.
func proxiedRemote(t *testing.T) (target string, via func(addr string) string) {
	t.Helper()
	cfg, err := connect.ParseConnString(os.Getenv(connect.RemoteEnv))
	if err != nil {
		t.Fatalf("SPARK_REMOTE: %v", err)
	}
	port := cfg.Port
	if port == 0 {
		port = connect.DefaultPort
	}
	target = net.JoinHostPort(cfg.Host, strconv.Itoa(port))
	return target, func(addr string) string {
		host, portStr, err := net.SplitHostPort(addr)
		if err != nil {
			t.Fatal(err)
		}
		c := cfg
		c.Host = host
		c.Port, _ = strconv.Atoi(portStr)
		return c.String()
	}
}

// rpcCounter is a gRPC client interceptor that counts the streaming calls
// of a session by method, and how they ended by status code and Spark
// error class; it keeps a timed log of these events too.
type rpcCounter struct {
	mu     sync.Mutex
	counts map[string]int
	events []string

	releasedAll atomic.Int64 // ReleaseExecute(release_all) calls finished
	chunks      atomic.Int64 // Arrow batch responses that are chunks of a batch
}

func (c *rpcCounter) add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	c.counts[key]++
	c.events = append(c.events, time.Now().Format("15:04:05.000 ")+key)
}

func (c *rpcCounter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[key]
}

// mark returns the position of the next event in the log.
func (c *rpcCounter) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.events)
}

// log returns the events from position i on, one a line.
func (c *rpcCounter) log(i int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return "\n\t" + strings.Join(c.events[i:], "\n\t")
}

func (c *rpcCounter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(c.counts)) {
		fmt.Fprintf(&b, "\n\t%5d %s", c.counts[k], k)
	}
	return b.String()
}

func (c *rpcCounter) intercept(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	name := method[strings.LastIndexByte(method, '/')+1:]
	c.add(name)
	s, err := streamer(ctx, desc, cc, method, opts...)
	if err != nil {
		c.add(name + " failed to start: " + status.Code(err).String())
		return nil, err
	}
	return &countedStream{ClientStream: s, c: c, name: name}, nil
}

func (c *rpcCounter) interceptUnary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	err := invoker(ctx, method, req, reply, cc, opts...)
	if r, ok := req.(*pb.ReleaseExecuteRequest); ok && r.GetReleaseAll() != nil {
		key := "ReleaseExecute(release_all)"
		if err != nil {
			key += " failed with " + status.Code(err).String()
		}
		c.add(key)
		c.releasedAll.Add(1)
	}
	return err
}

type countedStream struct {
	grpc.ClientStream
	c    *rpcCounter
	name string
}

func (s *countedStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if r, ok := m.(*pb.ExecutePlanResponse); ok && err == nil && r.GetArrowBatch().GetNumChunksInBatch() > 1 {
		s.c.chunks.Add(1)
	}
	if err != nil && err != io.EOF {
		key := s.name + " ended with " + status.Code(err).String()
		for _, d := range status.Convert(err).Details() {
			if ei, ok := d.(*errdetails.ErrorInfo); ok {
				key += " " + ei.GetMetadata()["errorClass"]
			}
		}
		s.c.add(key)
	}
	return err
}

// TestFaultProxyCutsEveryResultExactlyOnce runs queries with known results
// (some with Arrow batches split in chunks) through a proxy that cuts the
// connection at random points, at least 100 times in all, and checks that
// every result still arrives complete, in order and exactly once. To pass,
// the client must reconnect, retry unary calls, reattach from the last
// response it got, join chunks across reattaches, resend a plan that never
// reached the server (exactly once), and never deliver a batch twice.
func TestFaultProxyCutsEveryResultExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("needs a Spark Connect server")
	}
	const (
		wantCuts   = 100
		maxQueries = 40
		n          = 200_000 // rows per query, ~120 bytes each: ~24 MB
	)
	seed := *faultSeed
	target, via := proxiedRemote(t)
	// Results are cut every 0.5-3 MB, several times per query, yet every
	// attempt gets at least a few batches further than the one before (so
	// the client's backoff never escalates). One connection in eight is cut
	// while the client is sending instead: in the middle of a request, an
	// ExecutePlan the server never gets, a release or a handshake.
	p := newFaultProxy(t, target, seed, faultRules{
		DownMin: 512 << 10, DownMax: 3 << 20,
		UpRate: 0.125, UpMin: 200, UpMax: 8 << 10,
	})
	remote := via(p.addr())
	t.Logf("%s → proxy → %s, seed %d", remote, target, seed)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	// The session is established through the proxy (and may be cut too).
	// This is connect.Connect(ctx, remote) plus a leak-checked allocator and
	// interceptors that count calls.
	cfg, err := connect.ParseConnString(remote)
	if err != nil {
		t.Fatal(err)
	}
	var calls rpcCounter
	sess, err := connect.NewSession(ctx, cfg, connect.Options{
		Allocator: mem,
		DialOptions: []grpc.DialOption{
			grpc.WithChainStreamInterceptor(calls.intercept),
			grpc.WithChainUnaryInterceptor(calls.interceptUnary),
		},
	})
	if err != nil {
		t.Fatalf("connecting to %s: %v", remote, err)
	}
	defer sess.Close()
	if err := sess.SetConf(ctx, map[string]string{"spark.sql.execution.arrow.maxRecordsPerBatch": "1000"}); err != nil {
		t.Fatalf("SetConf: %v", err)
	}

	query := fmt.Sprintf("SELECT id, id * 3 AS x, repeat('x', 100) AS pad FROM range(0, %d, 1, 4)", n)
	start := time.Now()
	queries := 0
	for p.cuts.Load() < wantCuts {
		if queries == maxQueries {
			t.Fatalf("only %d cuts after %d queries", p.cuts.Load(), queries)
		}
		before, qstart, mark := p.cuts.Load(), time.Now(), calls.mark()
		// Two queries in four have the server split each Arrow batch into
		// chunks (Spark 4.1), so that cuts fall between chunks too.
		chunked := queries%4 >= 2
		if chunked {
			err = sess.SetConf(ctx, map[string]string{"spark.connect.session.resultChunking.maxChunkSize": "32768"})
		} else {
			err = sess.UnsetConf(ctx, "spark.connect.session.resultChunking.maxChunkSize")
		}
		if err != nil {
			t.Fatalf("setting the chunk size: %v", err)
		}
		if queries%2 == 1 {
			// Lose the query's first request, its ExecutePlan, once the
			// previous query's two executions are released (best effort).
			for i := 0; i < 100 && calls.releasedAll.Load() < 2*int64(queries); i++ {
				time.Sleep(10 * time.Millisecond)
			}
			p.cutNextRequest()
		}
		checkRangeRows(t, ctx, sess, query, n)
		queries++
		d := time.Since(qstart)
		t.Logf("query %d (chunked %v): complete after %d cuts in %v", queries, chunked, p.cuts.Load()-before, d.Round(time.Millisecond))
		if d > 20*time.Second {
			t.Logf("slow query %d (is the server busy with other work?); calls:%s", queries, calls.log(mark))
		}
	}
	if got := p.cuts.Load(); got < wantCuts {
		t.Fatalf("%d cuts, want at least %d", got, wantCuts)
	}
	t.Logf("%d queries complete and exact across %d cuts (%d of requests) of %d connections in %v; %d Arrow chunks; streaming calls:%v",
		queries, p.cuts.Load(), p.upCuts.Load(), p.accepted.Load(), time.Since(start).Round(time.Millisecond), calls.chunks.Load(), &calls)
	// Every query is two executions (the SQL command, then the query);
	// ExecutePlan is sent again only when it could not start or when the
	// server never got it (OPERATION_NOT_FOUND on reattach before any
	// response): then exactly once.
	notFound := calls.get("ReattachExecute ended with Internal INVALID_HANDLE.OPERATION_NOT_FOUND")
	want := 2*queries + notFound + calls.get("ExecutePlan failed to start: Unavailable")
	if got := calls.get("ExecutePlan"); got != want {
		t.Errorf("%d ExecutePlan calls, want %d", got, want)
	}
	if calls.get("ReattachExecute") == 0 {
		t.Errorf("the client never reattached")
	}
	// Result chunking arrived in Spark 4.1; older servers ignore the option.
	if chunking := serverAtLeast(t, sess, 4, 1); chunking != (calls.chunks.Load() > 0) {
		t.Errorf("server with chunking %v sent %d chunked Arrow batches", chunking, calls.chunks.Load())
	}
	if notFound == 0 {
		t.Errorf("no ExecutePlan was lost (INVALID_HANDLE.OPERATION_NOT_FOUND) and resent")
	}
}

// checkRangeRows runs query, whose result must be (id, id*3, 100 × "x") for
// id in [0, n) in order, and checks every row: all there, each once, in order.
func checkRangeRows(t *testing.T, ctx context.Context, sess *connect.Session, query string, n int64) {
	t.Helper()
	rows, err := sess.SQL(ctx, query)
	if err != nil {
		t.Fatalf("SQL: %v", err)
	}
	defer rows.Close()
	pad := strings.Repeat("x", 100)
	seen := make([]uint64, (n+63)/64)
	var count, sum int64
	for rows.Next() {
		rec := rows.RecordBatch()
		if rec.NumCols() != 3 {
			t.Fatalf("batch has %d columns, want 3", rec.NumCols())
		}
		ids, ok1 := rec.Column(0).(*array.Int64)
		xs, ok2 := rec.Column(1).(*array.Int64)
		pads, ok3 := rec.Column(2).(*array.String)
		if !ok1 || !ok2 || !ok3 {
			t.Fatalf("batch schema %v, want id, x int64 and pad string", rec.Schema())
		}
		for i := 0; i < ids.Len(); i++ {
			id := ids.Value(i)
			if id < 0 || id >= n {
				t.Fatalf("row %d: id %d out of range", count, id)
			}
			if seen[id/64]&(1<<(id%64)) != 0 {
				t.Fatalf("row %d: id %d seen twice", count, id)
			}
			seen[id/64] |= 1 << (id % 64)
			if id != count {
				t.Fatalf("row %d: id %d, want %d (out of order)", count, id, count)
			}
			if xs.Value(i) != 3*id || pads.Value(i) != pad {
				t.Fatalf("row %d: x = %d, pad = %q; want %d and 100 × \"x\"", id, xs.Value(i), pads.Value(i), 3*id)
			}
			count++
			sum += id
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("reading the result after %d rows: %v", count, err)
	}
	if count != n || sum != n*(n-1)/2 {
		t.Fatalf("got %d rows with id sum %d, want %d rows with sum %d", count, sum, n, n*(n-1)/2)
	}
	if got := rows.RowsRead(); got != n {
		t.Fatalf("RowsRead() = %d, want %d", got, n)
	}
	for i, w := range seen {
		want := ^uint64(0)
		if rest := n - int64(i)*64; rest < 64 {
			want = 1<<rest - 1
		}
		if w != want {
			t.Fatalf("ids %d..%d: bitmap %064b, want %064b", i*64, i*64+63, w, want)
		}
	}
}
