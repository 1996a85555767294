package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// ProtocolVersion is the Jupyter messaging protocol version this package
// writes in every header. It must stay at 5.2 or later: jupyter_kernel_test
// rejects additive fields from kernels that claim 5.0 or 5.1.
const ProtocolVersion = "5.4"

// DateFormat is the layout of [Header.Date] in the messages this package
// builds: ISO 8601 in UTC with microseconds and a "Z", as ipykernel writes.
const DateFormat = "2006-01-02T15:04:05.000000Z"

// MsgType is a header's msg_type.
type MsgType string

// Message types of the Jupyter messaging protocol 5.x.
const (
	// Shell requests and replies.
	ExecuteRequest    MsgType = "execute_request"
	ExecuteReply      MsgType = "execute_reply"
	InspectRequest    MsgType = "inspect_request"
	InspectReply      MsgType = "inspect_reply"
	CompleteRequest   MsgType = "complete_request"
	CompleteReply     MsgType = "complete_reply"
	HistoryRequest    MsgType = "history_request"
	HistoryReply      MsgType = "history_reply"
	IsCompleteRequest MsgType = "is_complete_request"
	IsCompleteReply   MsgType = "is_complete_reply"
	CommInfoRequest   MsgType = "comm_info_request"
	CommInfoReply     MsgType = "comm_info_reply"
	KernelInfoRequest MsgType = "kernel_info_request"
	KernelInfoReply   MsgType = "kernel_info_reply"

	// Control requests and replies.
	ShutdownRequest  MsgType = "shutdown_request"
	ShutdownReply    MsgType = "shutdown_reply"
	InterruptRequest MsgType = "interrupt_request"
	InterruptReply   MsgType = "interrupt_reply"
	DebugRequest     MsgType = "debug_request"
	DebugReply       MsgType = "debug_reply"

	// Stdin: the kernel asks, the frontend replies.
	InputRequest MsgType = "input_request"
	InputReply   MsgType = "input_reply"

	// IOPub.
	Status            MsgType = "status"
	Stream            MsgType = "stream"
	DisplayData       MsgType = "display_data"
	UpdateDisplayData MsgType = "update_display_data"
	ExecuteInput      MsgType = "execute_input"
	ExecuteResult     MsgType = "execute_result"
	Error             MsgType = "error"
	ClearOutput       MsgType = "clear_output"
	DebugEvent        MsgType = "debug_event"
	IOPubWelcome      MsgType = "iopub_welcome"

	// Comms, in both directions on shell and IOPub.
	CommOpen  MsgType = "comm_open"
	CommMsg   MsgType = "comm_msg"
	CommClose MsgType = "comm_close"
)

// Channel names the socket a message arrived on or is sent to.
type Channel int

// The Jupyter channels. The heartbeat is not a Channel: it carries no
// messages, only pings that the [Kernel] echoes.
const (
	// Shell is the ROUTER socket for requests from frontends.
	Shell Channel = iota + 1
	// Control is the ROUTER socket for shutdown, interrupt and debug
	// requests, served apart from Shell so they never wait behind execution.
	Control
	// Stdin is the ROUTER socket on which the kernel asks frontends for input.
	Stdin
	// IOPub is the PUB socket that broadcasts outputs and status.
	IOPub
)

// String returns the Jupyter name of c ("shell", "control", "stdin",
// "iopub").
func (c Channel) String() string {
	switch c {
	case Shell:
		return "shell"
	case Control:
		return "control"
	case Stdin:
		return "stdin"
	case IOPub:
		return "iopub"
	}
	return fmt.Sprintf("Channel(%d)", int(c))
}

// Header is a message header, and also the type of a parent header. The
// zero Header is written as {}, the parent header of a message that answers
// nothing.
type Header struct {
	// MsgID identifies the message; every message gets a fresh one.
	MsgID string `json:"msg_id"`
	// Session identifies the sender's session. The kernel's messages carry
	// the kernel's own session id, which frontends use to notice restarts.
	Session string `json:"session"`
	// Username is informative.
	Username string `json:"username"`
	// Date is when the message was created, ISO 8601; see [DateFormat].
	Date string `json:"date"`
	// MsgType says what the message is.
	MsgType MsgType `json:"msg_type"`
	// Version is the protocol version of the sender, such as "5.4".
	Version string `json:"version"`
	// SubshellID is the subshell a request targets (protocol 5.5); empty
	// for the main shell.
	SubshellID string `json:"subshell_id,omitempty"`
}

// IsZero reports whether h is the zero Header.
func (h Header) IsZero() bool { return h == Header{} }

// MarshalJSON writes the zero Header as {} and any other one with all its
// fields.
func (h Header) MarshalJSON() ([]byte, error) {
	if h.IsZero() {
		return []byte("{}"), nil
	}
	type plain Header // no MarshalJSON method
	return json.Marshal(plain(h))
}

// Message is one Jupyter message.
type Message struct {
	// Identities are the ZeroMQ routing frames before the delimiter: the
	// sender's identity on ROUTER sockets, the topic on IOPub. A reply
	// carries the request's identities.
	Identities [][]byte
	// Header describes this message.
	Header Header
	// ParentHeader is the header of the message this one answers or was
	// caused by; zero when there is none.
	ParentHeader Header
	// Metadata is a JSON object; nil is written as {}.
	Metadata json.RawMessage
	// Content is the JSON object whose shape depends on Header.MsgType; nil
	// is written as {}. Use [Message.DecodeContent] to read it.
	Content json.RawMessage
	// Buffers are the raw binary frames after the content, if any.
	Buffers [][]byte
	// Channel is the socket the message arrived on; zero for a message
	// built locally.
	Channel Channel
}

// DecodeContent unmarshals the content into v.
func (m *Message) DecodeContent(v any) error {
	c := m.Content
	if len(c) == 0 {
		c = emptyObject
	}
	if err := json.Unmarshal(c, v); err != nil {
		return fmt.Errorf("wire: %s content: %w", m.Header.MsgType, err)
	}
	return nil
}

var emptyObject = json.RawMessage("{}")

// Session stamps the messages a kernel builds: its ID is the kernel's own
// session id, written in every header. A Session is immutable once built
// and safe for concurrent use.
type Session struct {
	// ID is the kernel's session id; [NewSession] makes a random one.
	ID string
	// Username is written in every header.
	Username string
}

// NewSession returns a Session with a random ID and the username
// "sparkgo".
func NewSession() *Session {
	return &Session{ID: uuid.NewString(), Username: "sparkgo"}
}

// NewMessage builds a message of type t with a fresh msg_id and the current
// date. With a non-nil parent, the parent header is set to the parent's
// header. content may be nil (written as {}), a json.RawMessage or []byte
// holding a JSON object, or any value that encoding/json marshals to an
// object. Identities are left empty: [Kernel.Reply] and [Kernel.Publish]
// set them.
func (s *Session) NewMessage(t MsgType, parent *Message, content any) (*Message, error) {
	raw, err := marshalObject(content)
	if err != nil {
		return nil, fmt.Errorf("wire: %s content: %w", t, err)
	}
	m := &Message{
		Header: Header{
			MsgID:    uuid.NewString(),
			Session:  s.ID,
			Username: s.Username,
			Date:     time.Now().UTC().Format(DateFormat),
			MsgType:  t,
			Version:  ProtocolVersion,
		},
		Content: raw,
	}
	if parent != nil {
		m.ParentHeader = parent.Header
	}
	return m, nil
}

// marshalObject encodes content as a JSON object.
func marshalObject(content any) (json.RawMessage, error) {
	var raw []byte
	switch c := content.(type) {
	case nil:
		return emptyObject, nil
	case json.RawMessage:
		raw = c
	case []byte:
		raw = c
	default:
		var err error
		if raw, err = json.Marshal(c); err != nil {
			return nil, err
		}
	}
	if len(raw) == 0 || string(raw) == "null" {
		return emptyObject, nil
	}
	if !isObject(raw) {
		return nil, fmt.Errorf("not a JSON object: %.40q", raw)
	}
	return raw, nil
}

// isObject reports whether b is valid JSON whose top level is an object.
func isObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(b)
}
