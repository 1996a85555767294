package kernel

import (
	"context"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"strings"
	"sync"

	"github.com/sparkgo/sparkgo/connect/local"
	"github.com/sparkgo/sparkgo/frame"
)

// sparkState is the kernel's Spark session, connected on first use.
type sparkState struct {
	mu     sync.Mutex
	remote string // set by Config.Remote or %connect; "" = SPARK_REMOTE, then local
	sess   *frame.Session
	url    string // what sess is connected to, redacted
}

// sparkSession returns the connected session, or nil.
func (x *Executor) sparkSession() *frame.Session {
	x.spark.mu.Lock()
	defer x.spark.mu.Unlock()
	return x.spark.sess
}

// usesPort reports whether the session is connected to a server on port
// of this machine.
func (s *sparkState) usesPort(port int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sess != nil && strings.Contains(s.url, fmt.Sprintf(":%d", port))
}

func (s *sparkState) close() error {
	s.mu.Lock()
	sess := s.sess
	s.sess = nil
	s.mu.Unlock()
	if sess == nil {
		return nil
	}
	return sess.Close()
}

// ensureSpark connects the prelude's spark when it is not connected yet,
// saying where it connected, and starting the local service when no remote
// is configured.
func (x *Executor) ensureSpark(ctx context.Context, out Output) error {
	if x.sparkSession() != nil {
		return nil
	}
	x.spark.mu.Lock()
	remote := x.spark.remote
	x.spark.mu.Unlock()
	return x.connect(ctx, remote, out)
}

// connect replaces the session with one connected to remote (resolved as
// Config.Remote is) and points the cells' spark at it.
func (x *Executor) connect(ctx context.Context, remote string, out Output) error {
	how := ""
	if remote == "" {
		remote = os.Getenv("SPARK_REMOTE")
	}
	if remote == "" {
		svc, err := x.startLocal(ctx, out)
		if err != nil {
			return err
		}
		remote = svc.URL
		if svc.Reused {
			how = fmt.Sprintf("the local Spark %s service (pid %d)", svc.Version, svc.PID)
		} else {
			how = fmt.Sprintf("a local Spark %s service started for this kernel (pid %d; %%service stop stops it)", svc.Version, svc.PID)
		}
	}
	sess, err := frame.Connect(ctx, remote)
	if err != nil {
		return fmt.Errorf("connecting to Spark at %s: %w (use %%connect sc://host:port, or unset SPARK_REMOTE to use a local Spark)", remote, err)
	}
	version, err := sess.Conn().SparkVersion(ctx)
	if err != nil {
		sess.Close()
		return fmt.Errorf("connecting to Spark at %s: %w", remote, err)
	}
	url := sess.Conn().Config().Redacted()
	x.spark.mu.Lock()
	old := x.spark.sess
	x.spark.sess, x.spark.url = sess, url
	x.spark.mu.Unlock()
	if old != nil {
		old.Close()
	}
	if _, err := x.eng.Eval(ctx, "spark = kernelrt.Spark()"); err != nil {
		return fmt.Errorf("kernel: binding spark: %w", err)
	}
	if how == "" {
		how = url
	} else {
		how += " at " + url
	}
	out.Stream("stdout", fmt.Sprintf("Connected to Spark %s: %s\n", version, how))
	return nil
}

// startLocal starts, or reuses, the local Spark Connect service.
func (x *Executor) startLocal(ctx context.Context, out Output) (*local.Service, error) {
	opts := local.Options{Version: x.cfg.LocalVersion, Port: x.cfg.LocalPort}
	if opts.Port == 0 {
		opts.Port = local.DefaultPort
	}
	if st, err := local.Status(ctx, opts.Port); err != nil || !st.Running {
		out.Stream("stdout", "No SPARK_REMOTE set: starting a local Spark Connect service (the first start installs Spark and takes a minute)…\n")
		opts.Progress = &streamWriter{x: x, name: "stderr"}
	}
	svc, err := local.Ensure(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("starting the local Spark service: %w (set SPARK_REMOTE or use %%connect to use another Spark)", err)
	}
	return svc, nil
}

// usesSpark reports whether Go code mentions the identifier spark (and not
// merely a field or method of that name).
func usesSpark(code string) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	src := []byte(code)
	s.Init(fset.AddFile("", -1, len(src)), src, nil, 0)
	prev := token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return false
		}
		if tok == token.IDENT && lit == "spark" && prev != token.PERIOD {
			return true
		}
		prev = tok
	}
}
