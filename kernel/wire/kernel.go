package wire

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"
)

// ErrClosed is returned by the send methods of a closed [Kernel].
var ErrClosed = errors.New("wire: kernel closed")

// ErrDuplicateSignature reports an incoming signed message whose signature
// was already seen: a replay. Such messages are dropped.
var ErrDuplicateSignature = errors.New("wire: duplicate message signature")

// DefaultSendTimeout bounds how long a send may block; see [WithSendTimeout].
const DefaultSendTimeout = 10 * time.Second

// Option configures [Listen].
type Option func(*config)

type config struct {
	logger      *slog.Logger
	session     *Session
	sendTimeout time.Duration
	queue       int
}

// WithLogger sets the logger for dropped messages and socket errors. The
// default is slog.Default().
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithSession sets the session that stamps outgoing messages. The default
// is [NewSession].
func WithSession(s *Session) Option { return func(c *config) { c.session = s } }

// WithSendTimeout bounds how long one send may block, for instance on a
// ROUTER socket whose peer is gone. The default is [DefaultSendTimeout]; a
// value ≤ 0 keeps the default.
func WithSendTimeout(d time.Duration) Option { return func(c *config) { c.sendTimeout = d } }

// WithQueueSize sets the buffer of each incoming channel. The default is
// 16; a value < 0 keeps the default.
func WithQueueSize(n int) Option { return func(c *config) { c.queue = n } }

// socket is one ZeroMQ socket and the lock that serialises its sends.
type socket struct {
	ch     Channel
	mu     sync.Mutex // held for every Send and for Close
	sock   zmq4.Socket
	closed bool // guarded by mu
}

// Kernel owns the five sockets of a running kernel. Build one with
// [Listen]; see the package documentation for the concurrency rules.
type Kernel struct {
	info    ConnectionInfo
	signer  *Signer
	session *Session
	log     *slog.Logger
	replay  *replayGuard
	dropped atomic.Int64 // incoming messages dropped as malformed or forged

	shell, control, stdin, iopub *socket
	hb                           zmq4.Socket

	shellCh, controlCh, stdinCh chan *Message

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	closeOnce sync.Once
	closeErr  error
}

// Listen binds the shell, control and stdin ROUTER sockets, the IOPub PUB
// socket and the heartbeat REP socket on the addresses in info, and starts
// one goroutine per incoming socket plus the heartbeat echo. Ports of 0 are
// bound to free ports; [Kernel.ConnectionInfo] reports them. Cancelling ctx
// stops the kernel like [Kernel.Close], but Close must still be called.
func Listen(ctx context.Context, info *ConnectionInfo, opts ...Option) (*Kernel, error) {
	if err := info.Validate(); err != nil {
		return nil, err
	}
	cfg := config{queue: 16, sendTimeout: DefaultSendTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.logger == nil {
		cfg.logger = slog.Default()
	}
	if cfg.session == nil {
		cfg.session = NewSession()
	}
	if cfg.sendTimeout <= 0 {
		cfg.sendTimeout = DefaultSendTimeout
	}
	if cfg.queue < 0 {
		cfg.queue = 16
	}
	signer, err := NewSigner(info.SignatureScheme, info.Key)
	if err != nil {
		return nil, err
	}

	kctx, cancel := context.WithCancel(ctx)
	k := &Kernel{
		info:      *info,
		signer:    signer,
		session:   cfg.session,
		log:       cfg.logger.With("component", "kernel/wire"),
		replay:    newReplayGuard(replayWindow),
		shellCh:   make(chan *Message, cfg.queue),
		controlCh: make(chan *Message, cfg.queue),
		stdinCh:   make(chan *Message, cfg.queue),
		ctx:       kctx,
		cancel:    cancel,
	}

	zopts := []zmq4.Option{zmq4.WithTimeout(cfg.sendTimeout), zmq4.WithLogger(slog.NewLogLogger(k.log.Handler(), slog.LevelWarn))}
	var bound []zmq4.Socket
	bind := func(s zmq4.Socket, name string, port *int) error {
		bound = append(bound, s)
		if err := s.Listen(k.info.Endpoint(*port)); err != nil {
			return fmt.Errorf("wire: bind %s: %w", name, err)
		}
		if *port == 0 {
			if a, ok := s.Addr().(*net.TCPAddr); ok {
				*port = a.Port
			}
		}
		return nil
	}
	newSock := func(ch Channel, s zmq4.Socket) *socket { return &socket{ch: ch, sock: s} }
	k.shell = newSock(Shell, zmq4.NewRouter(kctx, zopts...))
	k.control = newSock(Control, zmq4.NewRouter(kctx, zopts...))
	k.stdin = newSock(Stdin, zmq4.NewRouter(kctx, zopts...))
	k.iopub = newSock(IOPub, zmq4.NewPub(kctx, zopts...))
	k.hb = zmq4.NewRep(kctx, zopts...)
	err = errors.Join(
		bind(k.shell.sock, "shell", &k.info.ShellPort),
		bind(k.control.sock, "control", &k.info.ControlPort),
		bind(k.stdin.sock, "stdin", &k.info.StdinPort),
		bind(k.iopub.sock, "iopub", &k.info.IOPubPort),
		bind(k.hb, "heartbeat", &k.info.HBPort),
	)
	if err != nil {
		cancel()
		for _, s := range bound {
			_ = s.Close()
		}
		return nil, err
	}

	k.wg.Add(4)
	go k.poll(k.shell, k.shellCh)
	go k.poll(k.control, k.controlCh)
	go k.poll(k.stdin, k.stdinCh)
	go k.heartbeat()
	return k, nil
}

// ConnectionInfo returns the connection details with the ports actually
// bound, for writing a connection file when Listen was given port 0.
func (k *Kernel) ConnectionInfo() ConnectionInfo { return k.info }

// Session returns the session that stamps the kernel's messages.
func (k *Kernel) Session() *Session { return k.session }

// Shell returns the channel of verified requests from the shell socket. It
// is closed when the kernel stops.
func (k *Kernel) Shell() <-chan *Message { return k.shellCh }

// Control returns the channel of verified requests from the control socket.
// It is closed when the kernel stops.
func (k *Kernel) Control() <-chan *Message { return k.controlCh }

// Stdin returns the channel of verified replies (input_reply) from the
// stdin socket. It is closed when the kernel stops.
func (k *Kernel) Stdin() <-chan *Message { return k.stdinCh }

// Done returns a channel closed when the kernel starts stopping, through
// [Kernel.Close] or the context given to [Listen].
func (k *Kernel) Done() <-chan struct{} { return k.ctx.Done() }

// Send signs m and sends it on channel ch (Shell, Control, Stdin or IOPub)
// under that socket's lock. On a ROUTER socket (shell, control, stdin) the
// first identity selects the peer, so m.Identities must be those of the
// request being answered or, for stdin, of the shell request that asks for
// input; a message for a peer that has gone is silently dropped, as in
// ZeroMQ.
func (k *Kernel) Send(ch Channel, m *Message) error {
	s := k.socket(ch)
	if s == nil {
		return fmt.Errorf("wire: cannot send on %v", ch)
	}
	if ch != IOPub && len(m.Identities) == 0 {
		return fmt.Errorf("wire: %s message on %v has no routing identity", m.Header.MsgType, ch)
	}
	frames, err := Encode(m, k.signer)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || k.ctx.Err() != nil {
		return ErrClosed
	}
	if err := s.sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		return fmt.Errorf("wire: send %s on %v: %w", m.Header.MsgType, ch, err)
	}
	return nil
}

// Reply builds a message of type t answering req, with req's header as
// parent, and sends it to req's sender on the channel req arrived on.
func (k *Kernel) Reply(req *Message, t MsgType, content any) error {
	m, err := k.session.NewMessage(t, req, content)
	if err != nil {
		return err
	}
	m.Identities = req.Identities
	ch := req.Channel
	if ch == 0 {
		ch = Shell
	}
	return k.Send(ch, m)
}

// Publish builds a message of type t with parent as parent (nil for none)
// and broadcasts it on IOPub under the topic "kernel.<session>.<type>".
func (k *Kernel) Publish(parent *Message, t MsgType, content any) error {
	m, err := k.session.NewMessage(t, parent, content)
	if err != nil {
		return err
	}
	m.Identities = [][]byte{[]byte("kernel." + k.session.ID + "." + string(t))}
	return k.Send(IOPub, m)
}

func (k *Kernel) socket(ch Channel) *socket {
	switch ch {
	case Shell:
		return k.shell
	case Control:
		return k.control
	case Stdin:
		return k.stdin
	case IOPub:
		return k.iopub
	}
	return nil
}

// Close stops the readers and the heartbeat, closes every socket and waits
// for the goroutines Listen started. It is safe to call more than once and
// from any goroutine; later calls return the first call's result.
func (k *Kernel) Close() error {
	k.closeOnce.Do(func() {
		k.cancel()
		var errs []error
		for _, s := range []*socket{k.shell, k.control, k.stdin, k.iopub} {
			s.mu.Lock()
			s.closed = true
			errs = append(errs, s.sock.Close())
			s.mu.Unlock()
		}
		errs = append(errs, k.hb.Close())
		k.wg.Wait()
		for i, err := range errs {
			// A connection the peer already closed is not a failure to close.
			if errors.Is(err, net.ErrClosed) {
				errs[i] = nil
			}
		}
		k.closeErr = errors.Join(errs...)
	})
	return k.closeErr
}

// poll is the one goroutine reading s: it decodes and verifies each
// message and hands it to out, dropping (and logging) what fails.
func (k *Kernel) poll(s *socket, out chan<- *Message) {
	defer k.wg.Done()
	defer close(out)
	for {
		zm, err := s.sock.Recv()
		if k.ctx.Err() != nil {
			return
		}
		if err != nil {
			k.log.Warn("receive failed", "channel", s.ch, "err", err)
			if !k.pause() {
				return
			}
			continue
		}
		m, err := Decode(zm.Frames, k.signer)
		if err == nil && k.signer.Enabled() && !k.replay.add(zm.Frames[len(m.Identities)+1]) {
			err = ErrDuplicateSignature
		}
		if err != nil {
			// A peer sending garbage must not flood the log: the first
			// drops are logged, then one in every thousand, with a count.
			if n := k.dropped.Add(1); n <= 10 || n%1000 == 0 {
				k.log.Warn("dropped incoming message", "channel", s.ch, "frames", len(zm.Frames), "err", err, "dropped so far", n)
			}
			continue
		}
		m.Channel = s.ch
		select {
		case out <- m:
		case <-k.ctx.Done():
			return
		}
	}
}

// heartbeat echoes every ping on the REP socket, on its own goroutine.
func (k *Kernel) heartbeat() {
	defer k.wg.Done()
	for {
		zm, err := k.hb.Recv()
		if k.ctx.Err() != nil {
			return
		}
		if err != nil {
			k.log.Debug("heartbeat receive failed", "err", err)
			if !k.pause() {
				return
			}
			continue
		}
		if len(zm.Frames) == 0 {
			continue
		}
		if err := k.hb.SendMulti(zmq4.NewMsgFrom(zm.Frames...)); err != nil && k.ctx.Err() == nil {
			k.log.Warn("heartbeat echo failed", "err", err)
		}
	}
}

// pause waits briefly after a receive error so a persistent failure does
// not spin; it reports false when the kernel is stopping.
func (k *Kernel) pause() bool {
	t := time.NewTimer(10 * time.Millisecond)
	defer t.Stop()
	select {
	case <-k.ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// replayWindow is how many recent signatures are remembered.
const replayWindow = 1 << 14

// replayGuard remembers the last n signatures seen. It is used only by
// the poll goroutines, under its own lock.
type replayGuard struct {
	mu   sync.Mutex
	seen map[string]struct{}
	ring []string
	next int
}

func newReplayGuard(n int) *replayGuard {
	return &replayGuard{seen: make(map[string]struct{}, n), ring: make([]string, n)}
}

// add records sig and reports whether it was new.
func (g *replayGuard) add(sig []byte) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := string(sig)
	if _, dup := g.seen[key]; dup {
		return false
	}
	if old := g.ring[g.next]; old != "" {
		delete(g.seen, old)
	}
	g.ring[g.next] = key
	g.next = (g.next + 1) % len(g.ring)
	g.seen[key] = struct{}{}
	return true
}
