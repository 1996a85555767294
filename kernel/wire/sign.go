package wire

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// DefaultSignatureScheme is the scheme used when a connection file names
// none.
const DefaultSignatureScheme = "hmac-sha256"

// hashes maps the hashlib names that jupyter_client accepts after "hmac-"
// to Go constructors.
var hashes = map[string]func() hash.Hash{
	"sha256": sha256.New,
	"sha224": sha256.New224,
	"sha384": sha512.New384,
	"sha512": sha512.New,
	"sha1":   sha1.New,
	"md5":    md5.New,
}

// Signer signs and verifies messages with the connection file's key and
// signature scheme. The zero Signer, like one made with an empty key, does
// not sign: [Signer.Sign] returns "" and [Signer.Verify] accepts anything.
// A Signer is immutable and safe for concurrent use.
type Signer struct {
	key     []byte
	newHash func() hash.Hash
	scheme  string
}

// NewSigner returns a Signer for scheme ("hmac-sha256" and the other
// "hmac-<hash>" names jupyter_client accepts: sha224, sha384, sha512, sha1,
// md5) and key. An empty scheme means [DefaultSignatureScheme]. The scheme
// is checked even when key is empty.
func NewSigner(scheme, key string) (*Signer, error) {
	if scheme == "" {
		scheme = DefaultSignatureScheme
	}
	name, ok := strings.CutPrefix(scheme, "hmac-")
	newHash := hashes[name]
	if !ok || newHash == nil {
		return nil, fmt.Errorf("wire: unsupported signature_scheme %q (want hmac-sha256, hmac-sha512, ...)", scheme)
	}
	s := &Signer{newHash: newHash, scheme: scheme}
	if key != "" {
		s.key = []byte(key)
	}
	return s, nil
}

// Enabled reports whether s signs messages, that is whether its key is not
// empty.
func (s *Signer) Enabled() bool { return s != nil && len(s.key) > 0 }

// Scheme returns the signature scheme, such as "hmac-sha256".
func (s *Signer) Scheme() string {
	if s == nil || s.scheme == "" {
		return DefaultSignatureScheme
	}
	return s.scheme
}

// Sign returns the lowercase hex HMAC of the frames, in order: the header,
// parent header, metadata and content JSON. It returns "" when s is not
// [Signer.Enabled].
func (s *Signer) Sign(header, parentHeader, metadata, content []byte) string {
	if !s.Enabled() {
		return ""
	}
	return hex.EncodeToString(s.mac(header, parentHeader, metadata, content))
}

func (s *Signer) mac(frames ...[]byte) []byte {
	m := hmac.New(s.newHash, s.key)
	for _, f := range frames {
		m.Write(f)
	}
	return m.Sum(nil)
}

// Verify checks signature (the hex frame as received) against the four
// JSON frames in constant time. It returns nil when s is not
// [Signer.Enabled], and an [*InvalidSignatureError] when the signature is
// missing, not hex, or does not match.
func (s *Signer) Verify(signature, header, parentHeader, metadata, content []byte) error {
	if !s.Enabled() {
		return nil
	}
	// Decode the received hex rather than compare hex strings, so that an
	// uppercase signature is accepted and the comparison is of raw MACs.
	got := make([]byte, hex.DecodedLen(len(signature)))
	if _, err := hex.Decode(got, signature); err != nil || len(signature) == 0 {
		return &InvalidSignatureError{Signature: truncate(signature), Reason: "not a hex digest"}
	}
	if !hmac.Equal(got, s.mac(header, parentHeader, metadata, content)) {
		return &InvalidSignatureError{Signature: truncate(signature), Reason: "mismatch"}
	}
	return nil
}

// InvalidSignatureError reports an incoming message whose signature does not
// match its content under the connection key. Such messages are dropped,
// never answered.
type InvalidSignatureError struct {
	// Signature is the received signature frame (at most 128 bytes of it).
	Signature string
	// Reason is "mismatch" or "not a hex digest".
	Reason string
}

// Error describes the rejected signature.
func (e *InvalidSignatureError) Error() string {
	return fmt.Sprintf("wire: invalid message signature %q: %s", e.Signature, e.Reason)
}

func truncate(b []byte) string {
	const limit = 128
	if len(b) > limit {
		b = b[:limit]
	}
	return string(b)
}
