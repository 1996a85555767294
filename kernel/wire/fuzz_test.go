package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// packFrames encodes frames as uvarint-length-prefixed records, the fuzz
// input format of FuzzDecode.
func packFrames(fs [][]byte) []byte {
	var b []byte
	for _, f := range fs {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// unpackFrames is the inverse of packFrames; a short final record takes
// what is left.
func unpackFrames(b []byte) [][]byte {
	var fs [][]byte
	for len(b) > 0 && len(fs) < 256 {
		n, k := binary.Uvarint(b)
		if k <= 0 {
			fs = append(fs, b)
			break
		}
		b = b[k:]
		if n > uint64(len(b)) {
			n = uint64(len(b))
		}
		fs = append(fs, b[:n])
		b = b[n:]
	}
	return fs
}

// FuzzDecode checks that any frames give a message or an error, never a
// panic, and that a decoded message survives Encode and Decode unchanged.
func FuzzDecode(f *testing.F) {
	good := sign(testKey, hdr, parent, meta, content)
	seeds := [][][]byte{
		frames("id", Delimiter, good, hdr, parent, meta, content),
		frames("id", Delimiter, good, hdr, parent, meta, content, "buf"),
		frames(Delimiter, "", hdr, parent, meta, content),
		frames("id", Delimiter, good, hdr, parent, meta),
		frames("id", good, hdr, parent, meta, content),
		frames(Delimiter, "", `{"msg_type":"x","date":7}`, `{"msg_id":1}`, "{}", "{}"),
		frames(Delimiter, Delimiter, Delimiter, Delimiter, Delimiter, Delimiter),
		{},
	}
	for _, s := range seeds {
		f.Add(packFrames(s), true)
		f.Add(packFrames(s), false)
	}
	signed := mustSigner(f, "hmac-sha256", testKey)
	f.Fuzz(func(t *testing.T, data []byte, useKey bool) {
		s := signed
		if !useKey {
			s = nil
		}
		fs := unpackFrames(data)
		m, err := Decode(fs, s)
		if err != nil {
			var se *InvalidSignatureError
			if !errors.Is(err, ErrMalformed) && !errors.As(err, &se) {
				t.Fatalf("Decode error %v is neither ErrMalformed nor *InvalidSignatureError", err)
			}
			if m != nil {
				t.Fatalf("Decode returned a message and error %v", err)
			}
			return
		}
		out, err := Encode(m, s)
		if err != nil {
			t.Fatalf("Encode(Decode(frames)) = %v", err)
		}
		m2, err := Decode(out, s)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(frames))) = %v", err)
		}
		if m2.Header != m.Header || m2.ParentHeader != m.ParentHeader ||
			!bytes.Equal(m2.Content, m.Content) || !bytes.Equal(m2.Metadata, m.Metadata) ||
			len(m2.Identities) != len(m.Identities) || len(m2.Buffers) != len(m.Buffers) {
			t.Fatalf("round trip changed the message:\n%+v\n%+v", m, m2)
		}
	})
}
