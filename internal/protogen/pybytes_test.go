package main

import (
	"bytes"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

func TestParseBytesLiteral(t *testing.T) {
	tests := []struct {
		in   string
		want string
		rest string
	}{
		{`b''`, "", ""},
		{`b""`, "", ""},
		{`b"abc" tail`, "abc", " tail"},
		{`B'abc')`, "abc", ")"},
		{`b"\\\'\"\a\b\f\n\r\t\v"`, "\\'\"\a\b\f\n\r\t\v", ""},
		{`b"\x00\x7f\x80\xff\xAb"`, "\x00\x7f\x80\xff\xab", ""},
		{`b"\0\12\123\1234"`, "\x00\nSS4", ""},
		{`b"\8\q\u00e9\N{x}"`, `\8\q\u00e9\N{x}`, ""},
		{"b'a\\\nb'", "ab", ""},
		{"b'a\\\r\nb'", "ab", ""},
		{`b'say "hi"'`, `say "hi"`, ""},
		{`b"it's"`, "it's", ""},
		{"b'''a\n'b''c'''!", "a\n'b''c", "!"},
		{`b"""x"y"""`, `x"y`, ""},
		{`rb"\x00\n"`, `\x00\n`, ""},
		{`Br'\''`, `\'`, ""},
		{`bR"a\"b"`, `a\"b`, ""},
	}
	for _, tt := range tests {
		got, rest, err := parseBytesLiteral(tt.in)
		if err != nil {
			t.Errorf("parseBytesLiteral(%q): %v", tt.in, err)
			continue
		}
		if string(got) != tt.want || rest != tt.rest {
			t.Errorf("parseBytesLiteral(%q) = %q, rest %q; want %q, rest %q", tt.in, got, rest, tt.want, tt.rest)
		}
	}
}

func TestParseBytesLiteralErrors(t *testing.T) {
	for _, in := range []string{
		`"abc"`,     // str, not bytes
		`u"abc"`,    // str
		`bb"abc"`,   // bad prefix
		`b"abc`,     // unterminated
		"b'a\nb'",   // newline in single-quoted literal
		`b"\x4"`,    // short \x
		`b"\xg0"`,   // bad hex
		`b"\777"`,   // octal out of range
		"b'\u00e9'", // non-ASCII
		`b'\`,       // lone backslash
	} {
		if got, _, err := parseBytesLiteral(in); err == nil {
			t.Errorf("parseBytesLiteral(%q) = %q, want error", in, got)
		}
	}
}

func TestSerializedDescriptor(t *testing.T) {
	want := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("spark/connect/x.proto"),
		Package: proto.String("spark.connect"),
		MessageType: []*descriptorpb.DescriptorProto{{
			Name: proto.String("Msg"),
			Field: []*descriptorpb.FieldDescriptorProto{{
				Name:   proto.String("f"),
				Number: proto.Int32(1),
				Label:  descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
				Type:   descriptorpb.FieldDescriptorProto_TYPE_STRING.Enum(),
			}},
		}},
		Syntax: proto.String("proto3"),
	}
	raw, err := proto.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	// Encode the way protoc's Python generator does (as reformatted by
	// black): printable ASCII as is, the rest as \xhh, split in two
	// adjacent literals to exercise implicit concatenation.
	var lit bytes.Buffer
	for i, c := range raw {
		if i == len(raw)/2 {
			lit.WriteString("\"\n    # comment\n    b'")
		}
		switch {
		case c == '"' || c == '\'' || c == '\\':
			lit.WriteByte('\\')
			lit.WriteByte(c)
		case c == '\n':
			lit.WriteString(`\n`)
		case c >= 0x20 && c < 0x7f:
			lit.WriteByte(c)
		default:
			lit.WriteString(`\x`)
			lit.WriteString("0123456789abcdef"[c>>4 : c>>4+1])
			lit.WriteString("0123456789abcdef"[c&15 : c&15+1])
		}
	}
	src := "# comment\nDESCRIPTOR = _descriptor_pool.Default().AddSerializedFile(\n    b\"" +
		lit.String() + "'\n)\n\n_globals = globals()\n"
	got, err := serializedDescriptor(src)
	if err != nil {
		t.Fatalf("serializedDescriptor: %v\n%s", err, src)
	}
	if !bytes.Equal(got, raw) {
		t.Fatalf("serializedDescriptor = %q, want %q", got, raw)
	}
	for _, bad := range []string{
		"no call here",
		"AddSerializedFile()",
		"AddSerializedFile(x)",
		"AddSerializedFile(b'a') AddSerializedFile(b'b')",
	} {
		if _, err := serializedDescriptor(bad); err == nil {
			t.Errorf("serializedDescriptor(%q) succeeded, want error", bad)
		}
	}
}
