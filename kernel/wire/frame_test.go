package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

const testKey = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

// sign is an independent reference HMAC, so the tests do not only check
// Signer against itself.
func sign(key string, frames ...string) string {
	m := hmac.New(sha256.New, []byte(key))
	for _, f := range frames {
		m.Write([]byte(f))
	}
	return hex.EncodeToString(m.Sum(nil))
}

const (
	hdr     = `{"msg_id":"m1","session":"s1","username":"u","date":"2026-01-02T03:04:05.000006Z","msg_type":"kernel_info_request","version":"5.3"}`
	parent  = `{}`
	meta    = `{}`
	content = `{"a":1}`
)

func frames(fs ...string) [][]byte {
	out := make([][]byte, len(fs))
	for i, f := range fs {
		out[i] = []byte(f)
	}
	return out
}

func mustSigner(t testing.TB, scheme, key string) *Signer {
	t.Helper()
	s, err := NewSigner(scheme, key)
	if err != nil {
		t.Fatalf("NewSigner(%q) = %v", scheme, err)
	}
	return s
}

func TestDecode(t *testing.T) {
	t.Parallel()
	good := sign(testKey, hdr, parent, meta, content)
	signed := mustSigner(t, "hmac-sha256", testKey)
	unsigned := mustSigner(t, "", "")
	tests := []struct {
		name     string
		frames   [][]byte
		signer   *Signer
		wantErr  error // checked with errors.Is, or errors.As for *InvalidSignatureError
		badSig   bool
		wantIDs  int
		wantBufs int
	}{
		{name: "good signature", frames: frames("id0", Delimiter, good, hdr, parent, meta, content), signer: signed, wantIDs: 1},
		{name: "uppercase signature", frames: frames(Delimiter, strings.ToUpper(good), hdr, parent, meta, content), signer: signed},
		{name: "two identities", frames: frames("a", "b", Delimiter, good, hdr, parent, meta, content), signer: signed, wantIDs: 2},
		{name: "bad signature", frames: frames("id", Delimiter, sign("other key", hdr, parent, meta, content), hdr, parent, meta, content), signer: signed, badSig: true},
		{name: "tampered content", frames: frames("id", Delimiter, good, hdr, parent, meta, `{"a":2}`), signer: signed, badSig: true},
		{name: "frames swapped", frames: frames("id", Delimiter, good, parent, hdr, meta, content), signer: signed, badSig: true},
		{name: "empty signature with key", frames: frames("id", Delimiter, "", hdr, parent, meta, content), signer: signed, badSig: true},
		{name: "non-hex signature", frames: frames("id", Delimiter, "zz"+good[2:], hdr, parent, meta, content), signer: signed, badSig: true},
		{name: "truncated signature", frames: frames("id", Delimiter, good[:20], hdr, parent, meta, content), signer: signed, badSig: true},
		{name: "empty key ignores signature", frames: frames("id", Delimiter, "whatever", hdr, parent, meta, content), signer: unsigned, wantIDs: 1},
		{name: "empty key empty signature", frames: frames(Delimiter, "", hdr, parent, meta, content), signer: unsigned},
		{name: "nil signer", frames: frames(Delimiter, "", hdr, parent, meta, content), signer: nil},
		{name: "missing delimiter", frames: frames("id", good, hdr, parent, meta, content), signer: signed, wantErr: ErrMalformed},
		{name: "no frames", frames: nil, signer: signed, wantErr: ErrMalformed},
		{name: "too few frames", frames: frames("id", Delimiter, good, hdr, parent, meta), signer: signed, wantErr: ErrMalformed},
		{name: "buffers", frames: frames("id", Delimiter, good, hdr, parent, meta, content, "\x00\x01bin", ""), signer: signed, wantIDs: 1, wantBufs: 2},
		{name: "header not JSON", frames: frames(Delimiter, "", "nope", parent, meta, content), signer: unsigned, wantErr: ErrMalformed},
		{name: "header is array", frames: frames(Delimiter, "", "[]", parent, meta, content), signer: unsigned, wantErr: ErrMalformed},
		{name: "header without msg_type", frames: frames(Delimiter, "", `{"msg_id":"x"}`, parent, meta, content), signer: unsigned, wantErr: ErrMalformed},
		{name: "header field of wrong type", frames: frames(Delimiter, "", `{"msg_type":7}`, parent, meta, content), signer: unsigned, wantErr: ErrMalformed},
		{name: "parent not object", frames: frames(Delimiter, "", hdr, "null", meta, content), signer: unsigned, wantErr: ErrMalformed},
		{name: "metadata not object", frames: frames(Delimiter, "", hdr, parent, "1", content), signer: unsigned, wantErr: ErrMalformed},
		{name: "content not object", frames: frames(Delimiter, "", hdr, parent, meta, `"s"`), signer: unsigned, wantErr: ErrMalformed},
		{name: "content truncated", frames: frames(Delimiter, "", hdr, parent, meta, `{"a":`), signer: unsigned, wantErr: ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := Decode(tt.frames, tt.signer)
			switch {
			case tt.badSig:
				var se *InvalidSignatureError
				if !errors.As(err, &se) {
					t.Fatalf("Decode = %v, want *InvalidSignatureError", err)
				}
				if errors.Is(err, ErrMalformed) {
					t.Errorf("signature error %v also wraps ErrMalformed", err)
				}
				return
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Decode = %v, want %v", err, tt.wantErr)
				}
				return
			case err != nil:
				t.Fatalf("Decode = %v, want success", err)
			}
			if got := len(m.Identities); got != tt.wantIDs {
				t.Errorf("identities = %d, want %d", got, tt.wantIDs)
			}
			if got := len(m.Buffers); got != tt.wantBufs {
				t.Errorf("buffers = %d, want %d", got, tt.wantBufs)
			}
			if m.Header.MsgType != KernelInfoRequest || m.Header.MsgID != "m1" || m.Header.Version != "5.3" {
				t.Errorf("header = %+v", m.Header)
			}
			if !m.ParentHeader.IsZero() {
				t.Errorf("parent header = %+v, want zero", m.ParentHeader)
			}
			var c struct{ A int }
			if err := m.DecodeContent(&c); err != nil || c.A != 1 {
				t.Errorf("DecodeContent = %+v, %v", c, err)
			}
		})
	}
}

func TestEncodeSignature(t *testing.T) {
	t.Parallel()
	m := &Message{
		Identities: [][]byte{[]byte("peer")},
		Header:     Header{MsgID: "m2", Session: "k", Username: "u", Date: "d", MsgType: KernelInfoReply, Version: ProtocolVersion},
		ParentHeader: Header{MsgID: "m1", Session: "s1", Username: "u", Date: "d0",
			MsgType: KernelInfoRequest, Version: "5.3"},
		Content: json.RawMessage(`{"status":"ok"}`),
		Buffers: [][]byte{{0, 1, 2}},
	}
	fs, err := Encode(m, mustSigner(t, "hmac-sha256", testKey))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1+6+1 {
		t.Fatalf("Encode gave %d frames, want 8", len(fs))
	}
	if string(fs[0]) != "peer" || string(fs[1]) != Delimiter {
		t.Errorf("routing frames = %q %q", fs[0], fs[1])
	}
	if string(fs[5]) != "{}" {
		t.Errorf("nil metadata encoded as %s, want {}", fs[5])
	}
	want := sign(testKey, string(fs[3]), string(fs[4]), string(fs[5]), string(fs[6]))
	if string(fs[2]) != want {
		t.Errorf("signature = %s, want %s", fs[2], want)
	}
	if !bytes.Equal(fs[7], []byte{0, 1, 2}) {
		t.Errorf("buffer = %v", fs[7])
	}
	var parent map[string]any
	if err := json.Unmarshal(fs[4], &parent); err != nil || parent["msg_id"] != "m1" {
		t.Errorf("parent header = %s (%v)", fs[4], err)
	}
	if _, ok := parent["subshell_id"]; ok {
		t.Errorf("empty subshell_id written: %s", fs[4])
	}

	got, err := Decode(fs, mustSigner(t, "hmac-sha256", testKey))
	if err != nil {
		t.Fatalf("Decode(Encode(m)) = %v", err)
	}
	if got.Header != m.Header || got.ParentHeader != m.ParentHeader || string(got.Content) != string(m.Content) {
		t.Errorf("round trip = %+v, want %+v", got, m)
	}
}

func TestEncodeEmptyKey(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, "hmac-sha256", "")
	fs, err := Encode(&Message{Header: Header{MsgType: Status}}, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs[1]) != 0 {
		t.Errorf("signature with empty key = %q, want empty", fs[1])
	}
	if string(fs[2+1]) != "{}" {
		t.Errorf("zero parent header = %s, want {}", fs[3])
	}
}

func TestEncodeRejectsNonObject(t *testing.T) {
	t.Parallel()
	for _, c := range []json.RawMessage{json.RawMessage(`[1]`), json.RawMessage(`{"a":`), json.RawMessage(`"x"`)} {
		if _, err := Encode(&Message{Header: Header{MsgType: Status}, Content: c}, nil); err == nil {
			t.Errorf("Encode(content %s) succeeded, want error", c)
		}
	}
}

func TestSignerSchemes(t *testing.T) {
	t.Parallel()
	for _, scheme := range []string{"", "hmac-sha256", "hmac-sha512", "hmac-sha384", "hmac-sha224", "hmac-sha1", "hmac-md5"} {
		s := mustSigner(t, scheme, testKey)
		sig := s.Sign([]byte(hdr), []byte(parent), []byte(meta), []byte(content))
		if err := s.Verify([]byte(sig), []byte(hdr), []byte(parent), []byte(meta), []byte(content)); err != nil {
			t.Errorf("%s: Verify(Sign) = %v", scheme, err)
		}
	}
	for _, scheme := range []string{"sha256", "hmac-", "hmac-sha3", "HMAC-SHA256", "hmac-sha256x"} {
		if _, err := NewSigner(scheme, testKey); err == nil {
			t.Errorf("NewSigner(%q) succeeded, want error", scheme)
		}
	}
	if got := mustSigner(t, "", testKey).Scheme(); got != DefaultSignatureScheme {
		t.Errorf("default scheme = %q", got)
	}
}

func TestSessionNewMessage(t *testing.T) {
	t.Parallel()
	s := &Session{ID: "kernel-session", Username: "sparkgo"}
	req := &Message{Header: Header{MsgID: "req", Session: "client", MsgType: ExecuteRequest, Version: "5.3"}}
	a, err := s.NewMessage(ExecuteReply, req, map[string]any{"status": "ok"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.NewMessage(ExecuteReply, req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Header.MsgID == b.Header.MsgID || a.Header.MsgID == "" {
		t.Errorf("msg_ids %q, %q: want distinct and non-empty", a.Header.MsgID, b.Header.MsgID)
	}
	if a.Header.Session != "kernel-session" {
		t.Errorf("session = %q, want the kernel's own", a.Header.Session)
	}
	if a.ParentHeader != req.Header {
		t.Errorf("parent = %+v, want %+v", a.ParentHeader, req.Header)
	}
	if a.Header.Version != ProtocolVersion {
		t.Errorf("version = %q", a.Header.Version)
	}
	if d := a.Header.Date; len(d) != len(DateFormat) || !strings.HasSuffix(d, "Z") || d[10] != 'T' {
		t.Errorf("date = %q, want ISO 8601 UTC like %s", d, DateFormat)
	}
	if string(b.Content) != "{}" {
		t.Errorf("nil content = %s, want {}", b.Content)
	}
	if _, err := s.NewMessage(Stream, nil, []int{1}); err == nil {
		t.Error("NewMessage with array content succeeded, want error")
	}
	c, err := s.NewMessage(Status, nil, map[string]string(nil))
	if err != nil || string(c.Content) != "{}" || !c.ParentHeader.IsZero() {
		t.Errorf("NewMessage(nil map, nil parent) = %+v, %v", c, err)
	}
}

func TestChannelString(t *testing.T) {
	t.Parallel()
	for ch, want := range map[Channel]string{Shell: "shell", Control: "control", Stdin: "stdin", IOPub: "iopub", 0: "Channel(0)"} {
		if got := ch.String(); got != want {
			t.Errorf("Channel(%d).String() = %q, want %q", int(ch), got, want)
		}
	}
}
