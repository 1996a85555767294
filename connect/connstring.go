package connect

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// DefaultPort is the Spark Connect port used when a connection string names none.
const DefaultPort = 15002

// DefaultMaxMessageSize is the largest gRPC message sparkgo sends or receives
// unless the connection string says otherwise. It matches the server's own
// limit (spark.connect.grpc.maxInboundMessageSize) and Arrow batch cap.
const DefaultMaxMessageSize = 128 << 20

// RemoteEnv is the environment variable that holds the default connection string.
const RemoteEnv = "SPARK_REMOTE"

// TokenEnv is consulted for a bearer token when the connection string has none;
// it is the variable a Spark Connect server reads its pre-shared token from.
const TokenEnv = "SPARK_CONNECT_AUTHENTICATE_TOKEN"

// Config describes how to reach a Spark Connect server. ParseConnString builds
// one from an sc:// string; the zero value of each field means its default.
type Config struct {
	// Host is a host name or IP address (IPv6 without brackets).
	Host string
	// Port is the server's port; 0 means DefaultPort.
	Port int
	// Token is sent as "authorization: Bearer <Token>" on every call.
	Token string
	// UseSSL enables TLS with the system's root certificates.
	UseSSL bool
	// UserID fills UserContext.user_id; "" means the OS user.
	UserID string
	// UserAgent is prepended to the client type reported to the server.
	UserAgent string
	// SessionID is the client-side session UUID; "" means a new random one.
	// Giving one lets several clients share a server session.
	SessionID string
	// MaxMessageSize bounds gRPC messages both ways; 0 means DefaultMaxMessageSize.
	MaxMessageSize int
	// Headers are sent as gRPC metadata on every call (connection-string
	// parameters that Spark does not define, such as x-databricks-cluster-id).
	Headers map[string]string
}

// ConnStringError reports a malformed connection string and names the part at fault.
type ConnStringError struct {
	Input string // the connection string, token redacted
	Part  string // the offending part, e.g. "port" or "use_ssl"
	Msg   string
}

func (e *ConnStringError) Error() string {
	return fmt.Sprintf("connect: bad connection string %q: %s: %s", e.Input, e.Part, e.Msg)
}

// ErrNoRemote is returned when no connection string is given and SPARK_REMOTE is unset.
var ErrNoRemote = errors.New("connect: no Spark Connect server given: pass a connection string like sc://localhost:15002 or set " + RemoteEnv)

// ParseConnString parses a Spark Connect connection string,
//
//	sc://host[:port][/][;param=value]...
//
// following Spark's client-connection-string specification. The parameters
// token, use_ssl, user_id, user_agent, session_id and grpc_max_message_size are
// understood; any other parameter becomes a gRPC header. Values are
// URL-unescaped. An empty string means the value of SPARK_REMOTE.
//
// A token enables TLS unless use_ssl=false is given; a token is only ever sent
// in plain text to a loopback host.
func ParseConnString(s string) (Config, error) {
	if s == "" {
		s = os.Getenv(RemoteEnv)
		if s == "" {
			return Config{}, ErrNoRemote
		}
	}
	bad := func(part, format string, args ...any) (Config, error) {
		return Config{}, &ConnStringError{Input: redactToken(s), Part: part, Msg: fmt.Sprintf(format, args...)}
	}
	rest, ok := strings.CutPrefix(s, "sc://")
	if !ok {
		scheme, _, found := strings.Cut(s, "://")
		if !found {
			return bad("scheme", "must start with sc:// (for example sc://localhost:15002)")
		}
		return bad("scheme", "is %q, want \"sc\"", scheme)
	}
	hostport, params, _ := strings.Cut(rest, ";")
	hostport, path, _ := strings.Cut(hostport, "/")
	if path != "" {
		return bad("path", "must be empty, got %q (parameters follow \";\", as in sc://host:15002/;token=...)", "/"+path)
	}
	var cfg Config
	if hostport == "" {
		return bad("host", "is missing")
	}
	host, portStr := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.Index(hostport, "]")
		if end < 0 {
			return bad("host", "IPv6 address %q lacks its closing \"]\"", hostport)
		}
		host = hostport[1:end]
		after := hostport[end+1:]
		if after != "" {
			p, ok := strings.CutPrefix(after, ":")
			if !ok {
				return bad("host", "unexpected %q after the IPv6 address", after)
			}
			portStr = p
		}
	} else if i := strings.LastIndex(hostport, ":"); i >= 0 {
		host, portStr = hostport[:i], hostport[i+1:]
		if strings.Contains(host, ":") {
			return bad("host", "an IPv6 address must be in brackets, as in sc://[::1]:15002")
		}
	}
	if host == "" {
		return bad("host", "is missing")
	}
	cfg.Host = host
	cfg.Port = DefaultPort
	if portStr != "" {
		p, err := strconv.Atoi(portStr)
		if err != nil || p < 1 || p > 65535 {
			return bad("port", "%q is not a port number between 1 and 65535", portStr)
		}
		cfg.Port = p
	}

	sslSet := false
	if params != "" {
		for _, kv := range strings.Split(params, ";") {
			if kv == "" {
				continue
			}
			rawKey, rawVal, found := strings.Cut(kv, "=")
			if !found {
				return bad("parameter", "%q has no value (write key=value)", kv)
			}
			key, err := url.PathUnescape(rawKey)
			if err != nil || key == "" {
				return bad("parameter", "%q is not a valid name", rawKey)
			}
			val, err := url.PathUnescape(rawVal)
			if err != nil {
				return bad(key, "value is not valid URL escaping: %v", err)
			}
			switch key {
			case "token":
				if val == "" {
					return bad(key, "is empty")
				}
				cfg.Token = val
			case "use_ssl":
				b, err := strconv.ParseBool(val)
				if err != nil {
					return bad(key, "%q is not true or false", val)
				}
				cfg.UseSSL, sslSet = b, true
			case "user_id":
				cfg.UserID = val
			case "user_agent":
				if len(url.QueryEscape(val)) > 2048 {
					return bad(key, "is longer than 2048 characters")
				}
				cfg.UserAgent = val
			case "session_id":
				if _, err := uuid.Parse(val); err != nil || len(val) != 36 {
					return bad(key, "%q is not a UUID like 00112233-4455-6677-8899-aabbccddeeff", val)
				}
				cfg.SessionID = strings.ToLower(val)
			case "grpc_max_message_size":
				n, err := strconv.Atoi(val)
				if err != nil || n <= 0 {
					return bad(key, "%q is not a positive number of bytes", val)
				}
				cfg.MaxMessageSize = n
			default:
				if cfg.Headers == nil {
					cfg.Headers = map[string]string{}
				}
				cfg.Headers[strings.ToLower(key)] = val
			}
		}
	}
	if cfg.Token != "" && !sslSet && !isLoopback(cfg.Host) {
		cfg.UseSSL = true
	}
	if err := cfg.validate(); err != nil {
		var ce *ConnStringError
		if errors.As(err, &ce) {
			ce.Input = redactToken(s)
		}
		return Config{}, err
	}
	return cfg, nil
}

// validate checks the rules that hold however a Config was built.
func (c Config) validate() error {
	if c.Host == "" {
		return &ConnStringError{Input: c.Redacted(), Part: "host", Msg: "is missing"}
	}
	if c.Token != "" && !c.UseSSL && !isLoopback(c.Host) {
		return &ConnStringError{Input: c.Redacted(), Part: "token",
			Msg: "a token is only sent over TLS to a non-local host: remove use_ssl=false or connect to localhost"}
	}
	return nil
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// addr returns host:port for dialing.
func (c Config) addr() string {
	port := c.Port
	if port == 0 {
		port = DefaultPort
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(port))
}

// String returns the connection string for c, token included; ParseConnString
// of the result gives back an equal Config.
func (c Config) String() string { return c.format(false) }

// Redacted is like String but replaces the token with "***", for logs and errors.
func (c Config) Redacted() string { return c.format(true) }

func (c Config) format(redact bool) string {
	var b strings.Builder
	b.WriteString("sc://")
	host := c.Host
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	b.WriteString(host)
	port := c.Port
	if port == 0 {
		port = DefaultPort
	}
	b.WriteString(":" + strconv.Itoa(port))
	var params []string
	esc := url.PathEscape
	if c.Token != "" {
		tok := esc(c.Token)
		if redact {
			tok = "***"
		}
		params = append(params, "token="+tok)
	}
	if c.UseSSL != (c.Token != "" && !isLoopback(c.Host)) {
		params = append(params, "use_ssl="+strconv.FormatBool(c.UseSSL))
	}
	if c.UserID != "" {
		params = append(params, "user_id="+esc(c.UserID))
	}
	if c.UserAgent != "" {
		params = append(params, "user_agent="+esc(c.UserAgent))
	}
	if c.SessionID != "" {
		params = append(params, "session_id="+esc(c.SessionID))
	}
	if c.MaxMessageSize != 0 {
		params = append(params, "grpc_max_message_size="+strconv.Itoa(c.MaxMessageSize))
	}
	keys := make([]string, 0, len(c.Headers))
	for k := range c.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		params = append(params, esc(k)+"="+esc(c.Headers[k]))
	}
	if len(params) > 0 {
		b.WriteString("/;")
		b.WriteString(strings.Join(params, ";"))
	}
	return b.String()
}

// redactToken hides a token= value in a raw connection string.
func redactToken(s string) string {
	i := strings.Index(s, "token=")
	if i < 0 {
		return s
	}
	j := strings.IndexByte(s[i:], ';')
	if j < 0 {
		return s[:i] + "token=***"
	}
	return s[:i] + "token=***" + s[i+j:]
}
