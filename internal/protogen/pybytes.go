package main

import (
	"errors"
	"fmt"
	"strings"
)

// serializedDescriptor returns the serialized FileDescriptorProto that a
// protoc-generated Python module (x_pb2.py) registers with
// `_descriptor_pool.Default().AddSerializedFile(b'...')`. The argument is one
// Python bytes literal, or several adjacent ones (implicit concatenation).
func serializedDescriptor(src string) ([]byte, error) {
	const call = "AddSerializedFile("
	i := strings.Index(src, call)
	if i < 0 {
		return nil, errors.New("no AddSerializedFile call")
	}
	if strings.Contains(src[i+len(call):], call) {
		return nil, errors.New("more than one AddSerializedFile call")
	}
	rest := src[i+len(call):]
	var out []byte
	for n := 0; ; n++ {
		rest = skipSpace(rest)
		if strings.HasPrefix(rest, ")") {
			if n == 0 {
				return nil, errors.New("AddSerializedFile has no bytes literal argument")
			}
			return out, nil
		}
		if n > 0 && strings.HasPrefix(rest, ",") { // trailing comma
			if r := skipSpace(rest[1:]); strings.HasPrefix(r, ")") {
				return out, nil
			}
		}
		b, tail, err := parseBytesLiteral(rest)
		if err != nil {
			return nil, fmt.Errorf("AddSerializedFile argument: %w", err)
		}
		out = append(out, b...)
		rest = tail
	}
}

// skipSpace skips whitespace, comments and explicit line joins between
// tokens inside a parenthesised Python expression.
func skipSpace(s string) string {
	for len(s) > 0 {
		switch {
		case s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f':
			s = s[1:]
		case s[0] == '#':
			if j := strings.IndexByte(s, '\n'); j >= 0 {
				s = s[j+1:]
			} else {
				s = ""
			}
		case strings.HasPrefix(s, "\\\n"):
			s = s[2:]
		case strings.HasPrefix(s, "\\\r\n"):
			s = s[3:]
		default:
			return s
		}
	}
	return s
}

// parseBytesLiteral decodes the Python bytes literal at the start of s
// (prefix b or B, optionally combined with r or R; single, double or
// triple quotes) and returns its value and the text after it. Escape
// sequences follow the Python reference ("String and Bytes literals"):
// \<newline>, \\, \', \", \a, \b, \f, \n, \r, \t, \v, \ooo (1-3 octal
// digits), \xhh (exactly 2 hex digits); any other backslash is kept
// literally, as Python does. Raw literals keep every backslash.
func parseBytesLiteral(s string) (val []byte, rest string, err error) {
	raw, isBytes := false, false
	i := 0
	for ; i < len(s) && i < 2; i++ {
		switch s[i] {
		case 'b', 'B':
			if isBytes {
				return nil, s, errors.New("not a bytes literal")
			}
			isBytes = true
			continue
		case 'r', 'R':
			if raw {
				return nil, s, errors.New("not a bytes literal")
			}
			raw = true
			continue
		}
		break
	}
	if !isBytes {
		return nil, s, fmt.Errorf("not a bytes literal: %.20q", s)
	}
	s = s[i:]
	if s == "" || (s[0] != '\'' && s[0] != '"') {
		return nil, s, errors.New("bytes literal has no opening quote")
	}
	quote := s[:1]
	if strings.HasPrefix(s, strings.Repeat(quote, 3)) {
		quote = s[:3]
	}
	s = s[len(quote):]
	triple := len(quote) == 3

	var out []byte
	for {
		if s == "" {
			return nil, s, errors.New("unterminated bytes literal")
		}
		if strings.HasPrefix(s, quote) {
			return out, s[len(quote):], nil
		}
		c := s[0]
		switch {
		case c >= 0x80:
			return nil, s, errors.New("non-ASCII character in bytes literal")
		case (c == '\n' || c == '\r') && !triple:
			return nil, s, errors.New("newline in single-quoted bytes literal")
		case c != '\\':
			out = append(out, c)
			s = s[1:]
			continue
		}
		// A backslash.
		if len(s) < 2 {
			return nil, s, errors.New("unterminated bytes literal")
		}
		e := s[1]
		if raw {
			// Raw literals keep the backslash and the next character;
			// the backslash only prevents that character from ending
			// the literal.
			if e >= 0x80 {
				return nil, s, errors.New("non-ASCII character in bytes literal")
			}
			out = append(out, '\\', e)
			s = s[2:]
			continue
		}
		s = s[2:]
		switch e {
		case '\n': // line continuation
		case '\r':
			s = strings.TrimPrefix(s, "\n")
		case '\\', '\'', '"':
			out = append(out, e)
		case 'a':
			out = append(out, '\a')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'v':
			out = append(out, '\v')
		case 'x':
			if len(s) < 2 || !isHex(s[0]) || !isHex(s[1]) {
				return nil, s, errors.New(`truncated \xhh escape in bytes literal`)
			}
			out = append(out, unhex(s[0])<<4|unhex(s[1]))
			s = s[2:]
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(e - '0')
			for n := 0; n < 2 && s != "" && s[0] >= '0' && s[0] <= '7'; n++ {
				v = v*8 + int(s[0]-'0')
				s = s[1:]
			}
			if v > 0o377 {
				return nil, s, fmt.Errorf(`octal escape \%o out of range in bytes literal`, v)
			}
			out = append(out, byte(v))
		default:
			if e >= 0x80 {
				return nil, s, errors.New("non-ASCII character in bytes literal")
			}
			// Unrecognised escape: Python keeps the backslash.
			out = append(out, '\\', e)
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
