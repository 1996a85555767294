package connect

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseConnString(t *testing.T) {
	tests := []struct {
		in   string
		want Config
	}{
		{"sc://localhost", Config{Host: "localhost", Port: 15002}},
		{"sc://localhost:15003", Config{Host: "localhost", Port: 15003}},
		{"sc://localhost:15003/", Config{Host: "localhost", Port: 15003}},
		{"sc://[::1]:443/;use_ssl=true", Config{Host: "::1", Port: 443, UseSSL: true}},
		{"sc://[::1]", Config{Host: "::1", Port: 15002}},
		{"sc://10.0.0.5:15002/;token=abc%3Bdef", Config{Host: "10.0.0.5", Port: 15002, Token: "abc;def", UseSSL: true}},
		{"sc://localhost/;token=secret", Config{Host: "localhost", Port: 15002, Token: "secret"}},
		{"sc://127.0.0.1/;token=secret;use_ssl=false", Config{Host: "127.0.0.1", Port: 15002, Token: "secret"}},
		{"sc://h:1/;user_id=alice;user_agent=my%20app;session_id=00112233-4455-6677-8899-AABBCCDDEEFF;grpc_max_message_size=1024",
			Config{Host: "h", Port: 1, UserID: "alice", UserAgent: "my app", SessionID: "00112233-4455-6677-8899-aabbccddeeff", MaxMessageSize: 1024}},
		{"sc://h/;x-databricks-cluster-id=123;;Other=%2F", Config{Host: "h", Port: 15002,
			Headers: map[string]string{"x-databricks-cluster-id": "123", "other": "/"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseConnString(tt.in)
			if err != nil {
				t.Fatalf("ParseConnString(%q) error: %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseConnString(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			again, err := ParseConnString(got.String())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("ParseConnString(%q.String() = %q) = %+v, %v; want %+v", tt.in, got.String(), again, err, got)
			}
		})
	}
}

func TestParseConnStringErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"localhost:15002", `connect: bad connection string "localhost:15002": scheme: must start with sc:// (for example sc://localhost:15002)`},
		{"http://localhost:15002", `connect: bad connection string "http://localhost:15002": scheme: is "http", want "sc"`},
		{"sc://", `connect: bad connection string "sc://": host: is missing`},
		{"sc://:15002", `connect: bad connection string "sc://:15002": host: is missing`},
		{"sc://host:abc", `connect: bad connection string "sc://host:abc": port: "abc" is not a port number between 1 and 65535`},
		{"sc://host:70000", `connect: bad connection string "sc://host:70000": port: "70000" is not a port number between 1 and 65535`},
		{"sc://host:15002/db", `connect: bad connection string "sc://host:15002/db": path: must be empty, got "/db" (parameters follow ";", as in sc://host:15002/;token=...)`},
		{"sc://host/;use_ssl=yes", `connect: bad connection string "sc://host/;use_ssl=yes": use_ssl: "yes" is not true or false`},
		{"sc://host/;session_id=42", `connect: bad connection string "sc://host/;session_id=42": session_id: "42" is not a UUID like 00112233-4455-6677-8899-aabbccddeeff`},
		{"sc://host/;grpc_max_message_size=-1", `connect: bad connection string "sc://host/;grpc_max_message_size=-1": grpc_max_message_size: "-1" is not a positive number of bytes`},
		{"sc://host/;token", `connect: bad connection string "sc://host/;token": parameter: "token" has no value (write key=value)`},
		{"sc://host/;token=", `connect: bad connection string "sc://host/;token=***": token: is empty`},
		{"sc://[::1", `connect: bad connection string "sc://[::1": host: IPv6 address "[::1" lacks its closing "]"`},
		{"sc://::1:15002", `connect: bad connection string "sc://::1:15002": host: an IPv6 address must be in brackets, as in sc://[::1]:15002`},
		{"sc://spark.example.com/;token=s3cret;use_ssl=false",
			`connect: bad connection string "sc://spark.example.com/;token=***;use_ssl=false": token: a token is only sent over TLS to a non-local host: remove use_ssl=false or connect to localhost`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseConnString(tt.in)
			var ce *ConnStringError
			if !errors.As(err, &ce) {
				t.Fatalf("ParseConnString(%q) error = %v, want a *ConnStringError", tt.in, err)
			}
			if err.Error() != tt.want {
				t.Errorf("ParseConnString(%q) error\n got %s\nwant %s", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseConnStringRemoteEnv(t *testing.T) {
	t.Setenv(RemoteEnv, "")
	if _, err := ParseConnString(""); !errors.Is(err, ErrNoRemote) {
		t.Fatalf("ParseConnString(\"\") with no %s = %v, want ErrNoRemote", RemoteEnv, err)
	}
	t.Setenv(RemoteEnv, "sc://example:1234")
	got, err := ParseConnString("")
	if err != nil || got.Host != "example" || got.Port != 1234 {
		t.Fatalf("ParseConnString(\"\") with %s set = %+v, %v", RemoteEnv, got, err)
	}
}

func TestRedacted(t *testing.T) {
	c := Config{Host: "localhost", Port: 1, Token: "s3cret"}
	if got, want := c.Redacted(), "sc://localhost:1/;token=***"; got != want {
		t.Errorf("Redacted() = %q, want %q", got, want)
	}
}

func FuzzParseConnString(f *testing.F) {
	for _, s := range []string{"sc://localhost", "sc://[::1]:1/;token=a;use_ssl=true", "sc://h/;x=%41;user_id=u", "sc://h:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" {
			return
		}
		c, err := ParseConnString(s)
		if err != nil {
			return
		}
		again, err := ParseConnString(c.String())
		if err != nil {
			t.Fatalf("ParseConnString(%q) = %+v, but its String %q does not parse: %v", s, c, c.String(), err)
		}
		if !reflect.DeepEqual(again, c) {
			t.Fatalf("round trip of %q: %+v != %+v", s, again, c)
		}
	})
}
