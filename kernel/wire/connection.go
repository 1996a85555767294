package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

// ConnectionInfo is the content of a Jupyter connection file, the JSON file
// whose path the frontend passes to the kernel on its command line
// ({connection_file} in the kernelspec's argv).
//
// A port of 0 means "any free port": [Listen] binds one and
// [Kernel.ConnectionInfo] reports the port it got, which the caller can
// then write out with [ConnectionInfo.WriteFile]. Frontends always pass
// explicit ports.
type ConnectionInfo struct {
	// Transport is "tcp" (the usual case) or "ipc". Empty means "tcp".
	Transport string `json:"transport"`
	// IP is the address to bind, such as "127.0.0.1". Empty or "*" means
	// all interfaces. With the ipc transport it is the path prefix of the
	// socket files, which are named IP-PORT.
	IP string `json:"ip"`
	// ShellPort is the shell ROUTER socket's port.
	ShellPort int `json:"shell_port"`
	// ControlPort is the control ROUTER socket's port.
	ControlPort int `json:"control_port"`
	// IOPubPort is the IOPub PUB socket's port.
	IOPubPort int `json:"iopub_port"`
	// StdinPort is the stdin ROUTER socket's port.
	StdinPort int `json:"stdin_port"`
	// HBPort is the heartbeat REP socket's port.
	HBPort int `json:"hb_port"`
	// Key is the HMAC key. Empty means messages are neither signed nor
	// checked.
	Key string `json:"key"`
	// SignatureScheme is "hmac-" followed by a hash name; see [NewSigner].
	// Empty means "hmac-sha256".
	SignatureScheme string `json:"signature_scheme"`
	// KernelName is the kernelspec name the frontend started; informative.
	KernelName string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates the connection file at path.
func ReadConnectionFile(path string) (*ConnectionInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("wire: connection file: %w", err)
	}
	info, err := ParseConnectionInfo(data)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return info, nil
}

// ParseConnectionInfo parses and validates the JSON of a connection file.
// Unknown fields are ignored, as Jupyter adds new ones over time.
func ParseConnectionInfo(data []byte) (*ConnectionInfo, error) {
	var info ConnectionInfo
	if err := json.Unmarshal(data, &info); err != nil {
		return nil, fmt.Errorf("wire: connection file: %w", err)
	}
	if err := info.Validate(); err != nil {
		return nil, err
	}
	return &info, nil
}

// Validate reports whether the transport, ports and signature scheme are
// usable. It does not check that the ports are free.
func (c *ConnectionInfo) Validate() error {
	var errs []error
	switch c.Transport {
	case "", "tcp":
	case "ipc":
		if c.IP == "" {
			errs = append(errs, errors.New("the ipc transport needs ip, the socket path prefix"))
		}
	default:
		errs = append(errs, fmt.Errorf("unsupported transport %q (want tcp or ipc)", c.Transport))
	}
	for _, p := range c.ports() {
		if *p.port < 0 || *p.port > 65535 {
			errs = append(errs, fmt.Errorf("%s %d out of range", p.name, *p.port))
		} else if *p.port == 0 && c.Transport == "ipc" {
			errs = append(errs, fmt.Errorf("%s must be set with the ipc transport", p.name))
		}
	}
	if _, err := NewSigner(c.SignatureScheme, c.Key); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("wire: invalid connection info: %w", err)
	}
	return nil
}

type namedPort struct {
	name string
	port *int
}

func (c *ConnectionInfo) ports() []namedPort {
	return []namedPort{
		{"shell_port", &c.ShellPort},
		{"control_port", &c.ControlPort},
		{"iopub_port", &c.IOPubPort},
		{"stdin_port", &c.StdinPort},
		{"hb_port", &c.HBPort},
	}
}

// Endpoint returns the ZeroMQ endpoint for port, such as
// "tcp://127.0.0.1:5555" or "ipc://kernel-ipc-5555".
func (c *ConnectionInfo) Endpoint(port int) string {
	p := strconv.Itoa(port)
	if c.Transport == "ipc" {
		return "ipc://" + c.IP + "-" + p
	}
	ip := c.IP
	if ip == "" {
		ip = "*"
	}
	ip = strings.TrimSuffix(strings.TrimPrefix(ip, "["), "]")
	return "tcp://" + net.JoinHostPort(ip, p)
}

// WriteFile writes c as a connection file readable only by its owner,
// since it holds the signing key.
func (c *ConnectionInfo) WriteFile(path string) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("wire: connection file: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("wire: connection file: %w", err)
	}
	return nil
}
