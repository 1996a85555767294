package wire

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// goClient is a frontend built from go-zeromq clients: DEALER sockets on
// shell and control, SUB on IOPub, REQ on the heartbeat.
type goClient struct {
	t                     *testing.T
	signer                *Signer
	session               *Session
	shell, control, iopub zmq4.Socket
	hb                    zmq4.Socket
	iopubCh               chan *Message
	replies               map[zmq4.Socket]chan *Message
}

func dialClient(t *testing.T, info ConnectionInfo) *goClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	signer, err := NewSigner(info.SignatureScheme, info.Key)
	if err != nil {
		t.Fatal(err)
	}
	c := &goClient{
		t: t, signer: signer, session: &Session{ID: "client-session", Username: "test"},
		shell:   zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("client-shell"))),
		control: zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("client-control"))),
		iopub:   zmq4.NewSub(ctx),
		hb:      zmq4.NewReq(ctx),
		iopubCh: make(chan *Message, 256),
	}
	c.replies = map[zmq4.Socket]chan *Message{c.shell: make(chan *Message, 16), c.control: make(chan *Message, 16)}
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.shell, info.ShellPort}, {c.control, info.ControlPort}, {c.iopub, info.IOPubPort}, {c.hb, info.HBPort}} {
		if err := d.s.Dial(info.Endpoint(d.port)); err != nil {
			t.Fatalf("dial %d: %v", d.port, err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	read := func(s zmq4.Socket, out chan *Message) {
		defer wg.Done()
		for {
			zm, err := s.Recv()
			if err != nil {
				return
			}
			m, err := Decode(zm.Frames, signer)
			if err != nil {
				t.Errorf("client: bad message: %v", err)
				continue
			}
			select {
			case out <- m:
			default:
				t.Errorf("client: queue full")
			}
		}
	}
	wg.Add(3)
	go read(c.iopub, c.iopubCh)
	go read(c.shell, c.replies[c.shell])
	go read(c.control, c.replies[c.control])
	t.Cleanup(func() {
		cancel()
		for _, s := range []zmq4.Socket{c.shell, c.control, c.iopub, c.hb} {
			_ = s.Close()
		}
		wg.Wait()
	})
	return c
}

func (c *goClient) send(s zmq4.Socket, t MsgType, content any) *Message {
	c.t.Helper()
	m, err := c.session.NewMessage(t, nil, content)
	if err != nil {
		c.t.Fatal(err)
	}
	fs, err := Encode(m, c.signer)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(fs...)); err != nil {
		c.t.Fatal(err)
	}
	return m
}

// recv waits for one message on a DEALER socket (shell or control).
func (c *goClient) recv(s zmq4.Socket, timeout time.Duration) (*Message, error) {
	ch := c.replies[s]
	select {
	case m := <-ch:
		return m, nil
	case <-time.After(timeout):
		return nil, errors.New("timeout")
	}
}

// iopubUntilIdle collects IOPub messages with the given parent up to and
// including status idle.
func (c *goClient) iopubUntilIdle(parent string) []*Message {
	c.t.Helper()
	var out []*Message
	deadline := time.After(5 * time.Second)
	for {
		select {
		case m := <-c.iopubCh:
			if m.ParentHeader.MsgID != parent {
				continue
			}
			out = append(out, m)
			if m.Header.MsgType == Status && contentField(m, "execution_state") == "idle" {
				return out
			}
		case <-deadline:
			c.t.Fatalf("no idle on IOPub for %s; got %d messages", parent, len(out))
		}
	}
}

func contentField(m *Message, key string) any {
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		return nil
	}
	return c[key]
}

// waitReady sends kernel_info_request until a reply and an IOPub message
// arrive, as jupyter_client's wait_for_ready does (the SUB socket
// subscribes asynchronously).
func (c *goClient) waitReady() {
	c.t.Helper()
	for i := 0; i < 50; i++ {
		req := c.send(c.shell, KernelInfoRequest, nil)
		if _, err := c.recv(c.shell, 2*time.Second); err != nil {
			c.t.Fatalf("kernel_info_reply: %v", err)
		}
		select {
		case m := <-c.iopubCh:
			if m.ParentHeader.MsgID == req.Header.MsgID {
				c.iopubUntilIdleFrom(m, req.Header.MsgID)
				return
			}
		case <-time.After(200 * time.Millisecond):
		}
	}
	c.t.Fatal("IOPub never connected")
}

func (c *goClient) iopubUntilIdleFrom(first *Message, parent string) {
	if first.Header.MsgType == Status && contentField(first, "execution_state") == "idle" {
		return
	}
	c.iopubUntilIdle(parent)
}

func types(ms []*Message) []string {
	var out []string
	for _, m := range ms {
		s := string(m.Header.MsgType)
		if m.Header.MsgType == Status {
			s += ":" + fmt.Sprint(contentField(m, "execution_state"))
		}
		out = append(out, s)
	}
	return out
}

func TestKernelRoundTrip(t *testing.T) {
	t.Parallel()
	for _, key := range []string{testKey, ""} {
		t.Run(fmt.Sprintf("key=%q", key), func(t *testing.T) {
			t.Parallel()
			tk := startTestKernel(t, key)
			info := tk.k.ConnectionInfo()
			for _, p := range []int{info.ShellPort, info.ControlPort, info.IOPubPort, info.StdinPort, info.HBPort} {
				if p == 0 {
					t.Fatalf("port 0 in ConnectionInfo after Listen: %+v", info)
				}
			}
			c := dialClient(t, info)
			c.waitReady()

			// kernel_info on shell: busy, reply, idle.
			req := c.send(c.shell, KernelInfoRequest, nil)
			rep, err := c.recv(c.shell, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Header.MsgType != KernelInfoReply || rep.ParentHeader.MsgID != req.Header.MsgID {
				t.Errorf("reply = %s parent %s, want kernel_info_reply to %s", rep.Header.MsgType, rep.ParentHeader.MsgID, req.Header.MsgID)
			}
			if rep.Header.Session != tk.k.Session().ID {
				t.Errorf("reply session = %q, want the kernel's %q", rep.Header.Session, tk.k.Session().ID)
			}
			if got := contentField(rep, "protocol_version"); got != ProtocolVersion {
				t.Errorf("protocol_version = %v", got)
			}
			if got := fmt.Sprint(types(c.iopubUntilIdle(req.Header.MsgID))); got != "[status:busy status:idle]" {
				t.Errorf("IOPub = %s", got)
			}

			// execute on shell.
			req = c.send(c.shell, ExecuteRequest, map[string]any{"code": "1+1", "silent": false})
			rep, err = c.recv(c.shell, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Header.MsgType != ExecuteReply || contentField(rep, "status") != "ok" {
				t.Errorf("execute reply = %s %s", rep.Header.MsgType, rep.Content)
			}
			got := c.iopubUntilIdle(req.Header.MsgID)
			if s := fmt.Sprint(types(got)); s != "[status:busy execute_input stream execute_result status:idle]" {
				t.Errorf("IOPub = %s", s)
			}

			// kernel_info on control.
			req = c.send(c.control, KernelInfoRequest, nil)
			rep, err = c.recv(c.control, 5*time.Second)
			if err != nil || rep.ParentHeader.MsgID != req.Header.MsgID {
				t.Fatalf("control kernel_info_reply = %v, %v", rep, err)
			}

			// heartbeat.
			for i := 0; i < 3; i++ {
				ping := fmt.Sprintf("ping %d", i)
				if err := c.hb.Send(zmq4.NewMsgString(ping)); err != nil {
					t.Fatal(err)
				}
				echo, err := c.hb.Recv()
				if err != nil || string(echo.Bytes()) != ping {
					t.Fatalf("heartbeat echo = %q, %v; want %q", echo.Bytes(), err, ping)
				}
			}

			// shutdown on control.
			req = c.send(c.control, ShutdownRequest, map[string]any{"restart": true})
			rep, err = c.recv(c.control, 5*time.Second)
			if err != nil || rep.Header.MsgType != ShutdownReply || rep.ParentHeader.MsgID != req.Header.MsgID ||
				contentField(rep, "restart") != true {
				t.Fatalf("shutdown_reply = %v, %v", rep, err)
			}
			select {
			case restart := <-tk.shutdown:
				if !restart {
					t.Error("restart flag lost")
				}
			case <-time.After(5 * time.Second):
				t.Fatal("kernel loop did not see the shutdown")
			}
		})
	}
}

func TestKernelDropsBadMessages(t *testing.T) {
	t.Parallel()
	tk := startTestKernel(t, testKey)
	c := dialClient(t, tk.k.ConnectionInfo())
	c.waitReady()

	// A message signed with the wrong key, one without delimiter, and a
	// replay of a good one are dropped without an answer.
	bad := &goClient{t: t, signer: mustSigner(t, "hmac-sha256", "wrong"), session: c.session}
	bad.send(c.shell, KernelInfoRequest, nil)
	if err := c.shell.SendMulti(zmq4.NewMsgFromString([]string{"no", "delimiter"})); err != nil {
		t.Fatal(err)
	}
	m, _ := c.session.NewMessage(KernelInfoRequest, nil, nil)
	fs, _ := Encode(m, c.signer)
	for i := 0; i < 2; i++ {
		if err := c.shell.SendMulti(zmq4.NewMsgFrom(fs...)); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := c.recv(c.shell, 5*time.Second)
	if err != nil || rep.ParentHeader.MsgID != m.Header.MsgID {
		t.Fatalf("first copy: reply %v, %v; want a reply to %s", rep, err, m.Header.MsgID)
	}
	if rep, err := c.recv(c.shell, 500*time.Millisecond); err == nil {
		t.Fatalf("got %s to %s, want nothing for bad signature, malformed frames and the replay", rep.Header.MsgType, rep.ParentHeader.MsgID)
	}
	// The kernel still answers good messages afterwards.
	req := c.send(c.shell, KernelInfoRequest, nil)
	if rep, err := c.recv(c.shell, 5*time.Second); err != nil || rep.ParentHeader.MsgID != req.Header.MsgID {
		t.Fatalf("after bad messages: %v, %v", rep, err)
	}
}

// TestKernelConcurrentSends publishes from many goroutines at once: every
// message must arrive intact (a torn multipart message would fail the
// client's Decode) and the race detector must stay quiet.
func TestKernelConcurrentSends(t *testing.T) {
	t.Parallel()
	tk := startTestKernel(t, testKey)
	c := dialClient(t, tk.k.ConnectionInfo())
	c.waitReady()
	parent := c.send(c.shell, ExecuteRequest, map[string]any{"code": "", "silent": true})
	if _, err := c.recv(c.shell, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	c.iopubUntilIdle(parent.Header.MsgID)

	const goroutines, each = 8, 20
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := tk.k.Publish(parent, Stream, map[string]any{"name": "stdout", "text": fmt.Sprintf("%d/%d\n", g, i)}); err != nil {
					t.Errorf("Publish: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	deadline := time.After(10 * time.Second)
	for len(seen) < goroutines*each {
		select {
		case m := <-c.iopubCh:
			if m.Header.MsgType == Stream {
				seen[fmt.Sprint(contentField(m, "text"))] = true
			}
		case <-deadline:
			t.Fatalf("got %d of %d stream messages", len(seen), goroutines*each)
		}
	}
}

func TestKernelClose(t *testing.T) {
	t.Parallel()
	k, err := Listen(context.Background(), &ConnectionInfo{IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Close(); err != nil {
		t.Errorf("Close = %v", err)
	}
	if err := k.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	for _, ch := range []<-chan *Message{k.Shell(), k.Control(), k.Stdin()} {
		select {
		case _, ok := <-ch:
			if ok {
				t.Error("message after Close")
			}
		case <-time.After(time.Second):
			t.Error("channel not closed after Close")
		}
	}
	m, _ := k.Session().NewMessage(Status, nil, nil)
	if err := k.Send(IOPub, m); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close = %v, want ErrClosed", err)
	}
	select {
	case <-k.Done():
	default:
		t.Error("Done not closed after Close")
	}
}

func TestKernelContextCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	k, err := Listen(ctx, &ConnectionInfo{IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	cancel()
	select {
	case _, ok := <-k.Shell():
		if ok {
			t.Error("message after cancel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Shell channel still open after the context was cancelled")
	}
}

func TestListenErrors(t *testing.T) {
	t.Parallel()
	k, err := Listen(context.Background(), &ConnectionInfo{IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	// Every port already in use: Listen fails and releases what it bound.
	busy := k.ConnectionInfo()
	if k2, err := Listen(context.Background(), &busy); err == nil {
		k2.Close()
		t.Fatal("Listen on busy ports succeeded")
	}
	if _, err := Listen(context.Background(), &ConnectionInfo{Transport: "udp"}); err == nil {
		t.Fatal("Listen with udp succeeded")
	}
	if err := k.Send(Channel(99), &Message{}); err == nil {
		t.Error("Send on an unknown channel succeeded")
	}
	if err := k.Send(Shell, &Message{Header: Header{MsgType: ExecuteReply}}); err == nil {
		t.Error("Send on shell without identity succeeded")
	}
}
