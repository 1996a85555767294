package wire

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadConnectionFile(t *testing.T) {
	t.Parallel()
	info, err := ReadConnectionFile(filepath.Join("..", "testdata", "connection.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: 53794, ControlPort: 50807,
		IOPubPort: 58231, StdinPort: 57449, HBPort: 58163, Key: "a0436f6c-1916-498b-8eb9-e81ab9368e84",
		SignatureScheme: "hmac-sha256", KernelName: "sparkgo"}
	if *info != want {
		t.Errorf("ReadConnectionFile = %+v, want %+v", *info, want)
	}
	if got := info.Endpoint(info.ShellPort); got != "tcp://127.0.0.1:53794" {
		t.Errorf("Endpoint = %q", got)
	}
}

func TestConnectionInfoValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, json, wantErr string
	}{
		{"empty key", `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"iopub_port":3,"stdin_port":4,"hb_port":5,"key":"","signature_scheme":"hmac-sha256"}`, ""},
		{"defaults", `{"ip":"127.0.0.1"}`, ""},
		{"extra fields", `{"ip":"127.0.0.1","jupyter_session":"x.ipynb","future":[1]}`, ""},
		{"udp", `{"transport":"udp"}`, "unsupported transport"},
		{"scheme", `{"signature_scheme":"hmac-sha3-512"}`, "signature_scheme"},
		{"port range", `{"shell_port":70000}`, "shell_port 70000 out of range"},
		{"negative port", `{"hb_port":-1}`, "hb_port"},
		{"ipc without ports", `{"transport":"ipc","ip":"/tmp/k"}`, "must be set"},
		{"ipc without ip", `{"transport":"ipc","shell_port":1,"control_port":2,"iopub_port":3,"stdin_port":4,"hb_port":5}`, "needs ip"},
		{"not json", `{`, "connection file"},
		{"port as string", `{"shell_port":"1"}`, "connection file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseConnectionInfo([]byte(tt.json))
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("ParseConnectionInfo = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseConnectionInfo = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestEndpoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		info ConnectionInfo
		want string
	}{
		{ConnectionInfo{IP: "127.0.0.1"}, "tcp://127.0.0.1:9"},
		{ConnectionInfo{IP: "::1"}, "tcp://[::1]:9"},
		{ConnectionInfo{IP: "[::1]"}, "tcp://[::1]:9"},
		{ConnectionInfo{}, "tcp://*:9"},
		{ConnectionInfo{Transport: "ipc", IP: "/tmp/kernel-1"}, "ipc:///tmp/kernel-1-9"},
	}
	for _, tt := range tests {
		if got := tt.info.Endpoint(9); got != tt.want {
			t.Errorf("%+v.Endpoint(9) = %q, want %q", tt.info, got, tt.want)
		}
	}
}

func TestWriteConnectionFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "kernel.json")
	in := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: 1, ControlPort: 2, IOPubPort: 3, StdinPort: 4, HBPort: 5, Key: "k", SignatureScheme: "hmac-sha256"}
	if err := in.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600 (the file holds the key)", st.Mode().Perm())
	}
	out, err := ReadConnectionFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if *out != in {
		t.Errorf("round trip = %+v, want %+v", *out, in)
	}
}
