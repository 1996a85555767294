package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Delimiter is the frame that separates the routing identities from the
// signature.
const Delimiter = "<IDS|MSG>"

// MaxIdentities bounds the routing frames accepted before the delimiter.
const MaxIdentities = 64

// ErrMalformed is wrapped by every error [Decode] returns for frames that
// are not a well-formed Jupyter message (as opposed to a bad signature).
var ErrMalformed = errors.New("wire: malformed message")

// Encode signs m with s and returns its frames:
//
//	[identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]
//
// Nil metadata or content is written as {}. It fails if the metadata or
// content is not a JSON object. s may be nil for no signing.
func Encode(m *Message, s *Signer) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("wire: encode header: %w", err)
	}
	parent, err := json.Marshal(m.ParentHeader)
	if err != nil {
		return nil, fmt.Errorf("wire: encode parent header: %w", err)
	}
	metadata, err := marshalObject(m.Metadata)
	if err != nil {
		return nil, fmt.Errorf("wire: encode metadata: %w", err)
	}
	content, err := marshalObject(m.Content)
	if err != nil {
		return nil, fmt.Errorf("wire: encode content: %w", err)
	}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames,
		[]byte(Delimiter),
		[]byte(s.Sign(header, parent, metadata, content)),
		header, parent, metadata, content)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

// Decode parses the frames of one incoming message and verifies its
// signature with s (nil means no checking). It never panics: frames that
// are not a Jupyter message give an error wrapping [ErrMalformed], and a
// signature that does not match gives an [*InvalidSignatureError]. The
// signature is checked before any JSON is parsed.
//
// The returned message shares no memory with frames except the
// identities and buffers, which are the received slices.
func Decode(frames [][]byte, s *Signer) (*Message, error) {
	delim := -1
	for i, f := range frames {
		if bytes.Equal(f, []byte(Delimiter)) {
			delim = i
			break
		}
		if i >= MaxIdentities {
			break
		}
	}
	if delim < 0 {
		return nil, fmt.Errorf("%w: no %s delimiter among the first %d frames", ErrMalformed, Delimiter, MaxIdentities+1)
	}
	rest := frames[delim+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w: %d frames after the delimiter, want at least 5", ErrMalformed, len(rest))
	}
	sig, header, parent, metadata, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if err := s.Verify(sig, header, parent, metadata, content); err != nil {
		return nil, err
	}

	m := &Message{}
	if delim > 0 {
		m.Identities = frames[:delim:delim]
	}
	if len(rest) > 5 {
		m.Buffers = rest[5:]
	}
	if err := decodeHeader(header, &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrMalformed, err)
	}
	if m.Header.MsgType == "" {
		return nil, fmt.Errorf("%w: header has no msg_type", ErrMalformed)
	}
	if err := decodeHeader(parent, &m.ParentHeader); err != nil {
		return nil, fmt.Errorf("%w: parent header: %w", ErrMalformed, err)
	}
	if !isObject(metadata) {
		return nil, fmt.Errorf("%w: metadata is not a JSON object", ErrMalformed)
	}
	if !isObject(content) {
		return nil, fmt.Errorf("%w: content is not a JSON object", ErrMalformed)
	}
	m.Metadata = bytes.Clone(metadata)
	m.Content = bytes.Clone(content)
	return m, nil
}

// decodeHeader unmarshals a header object. Fields of the wrong JSON type
// are an error; unknown fields are ignored.
func decodeHeader(b []byte, h *Header) error {
	if !isObject(b) {
		return errors.New("not a JSON object")
	}
	return json.Unmarshal(b, h)
}
