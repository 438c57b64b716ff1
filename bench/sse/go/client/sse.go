package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httputil"
	"net/textproto"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// target is one stream URL, its request written out once.
type target struct {
	raw     string
	address string
	request []byte
}

func newTarget(raw string, headers []string) (*target, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("%s: only http:// URLs are supported", raw)
	}
	address := u.Host
	if u.Port() == "" {
		address = net.JoinHostPort(u.Hostname(), "80")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n",
		u.RequestURI(), u.Host)
	for _, h := range headers {
		b.WriteString(h)
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	return &target{raw: raw, address: address, request: []byte(b.String())}, nil
}

// statusError is a response other than 200.
type statusError int

func (s statusError) Error() string { return "http " + strconv.Itoa(int(s)) }

// open connects, sends the request and reads the response head; the returned reader yields the event stream's bytes
// (chunked transfer coding removed).
func open(t *target, timeout time.Duration) (net.Conn, *bufio.Reader, error) {
	conn, err := net.DialTimeout("tcp", t.address, timeout)
	if err != nil {
		return nil, nil, err
	}
	conn.SetDeadline(time.Now().Add(timeout))
	if _, err := conn.Write(t.request); err != nil {
		conn.Close()
		return nil, nil, err
	}
	br := bufio.NewReaderSize(conn, 4096)
	tp := textproto.NewReader(br)
	status, err := tp.ReadLine()
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	fields := strings.Fields(status)
	if len(fields) < 2 || !strings.HasPrefix(fields[0], "HTTP/1.") {
		conn.Close()
		return nil, nil, fmt.Errorf("not an HTTP/1 response: %q", status)
	}
	code, err := strconv.Atoi(fields[1])
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("bad status line: %q", status)
	}
	head, err := tp.ReadMIMEHeader()
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	if code != 200 {
		conn.Close()
		return nil, nil, statusError(code)
	}
	conn.SetDeadline(time.Time{})
	if strings.EqualFold(head.Get("Transfer-Encoding"), "chunked") {
		return conn, bufio.NewReaderSize(httputil.NewChunkedReader(br), 4096), nil
	}
	return conn, br, nil
}

// connectFailure names why a connection attempt failed, for the counts in the report.
func connectFailure(err error) string {
	var status statusError
	var ne net.Error
	switch {
	case errors.As(err, &status):
		return status.Error()
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "closed"
	default:
		var op *net.OpError
		if errors.As(err, &op) {
			return op.Op
		}
		return "error"
	}
}

// endReason names how a stream ended before the measurement window did.
func endReason(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, io.EOF):
		return "ended"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	default:
		return "error"
	}
}

var (
	prefixData     = []byte("data:")
	prefixID       = []byte("id:")
	prefixEvent    = []byte("event:")
	eventLog       = []byte("log")
	eventReconnect = []byte("reconnect")
	eventError     = []byte("error")
	tickMark       = []byte("tick ")
)

// event is the state of the event being read, reset at each blank line (the SSE dispatch point).
type event struct {
	log    bool
	notice string // "reconnect" or "error": the server's last word on a stream it ends
	id     int64
	tick   int64
}

func (e *event) reset() { *e = event{id: -1, tick: -1} }

// readStream reads events until the connection fails or is closed, calling onLog for every log event with an id
// (until it returns false) and onNotice for a "reconnect" event (the subscriber fell behind) or an "error" event (the
// stream failed). Lines are read in place from the buffer: no allocation per line.
func readStream(br *bufio.Reader, onLog func(id, tick int64) bool, onNotice func(name string)) error {
	var ev event
	ev.reset()
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A line longer than the buffer carries nothing this client measures: skip it whole.
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
			if err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case len(line) == 0:
			if ev.log && ev.id >= 0 && !onLog(ev.id, ev.tick) {
				return nil
			}
			if ev.notice != "" {
				onNotice(ev.notice)
			}
			ev.reset()
		case line[0] == ':':
		case bytes.HasPrefix(line, prefixData):
			if i := bytes.Index(line, tickMark); i >= 0 {
				ev.tick = leadingInt(line[i+len(tickMark):])
			}
		case bytes.HasPrefix(line, prefixID):
			ev.id = leadingInt(bytes.TrimLeft(line[len(prefixID):], " "))
		case bytes.HasPrefix(line, prefixEvent):
			name := bytes.TrimSpace(line[len(prefixEvent):])
			ev.log = bytes.Equal(name, eventLog)
			switch {
			case bytes.Equal(name, eventReconnect):
				ev.notice = "reconnect"
			case bytes.Equal(name, eventError):
				ev.notice = "error"
			}
		}
	}
}

// leadingInt parses the decimal digits at the start of b; -1 when there are none.
func leadingInt(b []byte) int64 {
	var n int64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int64(b[i]-'0')
	}
	if i == 0 {
		return -1
	}
	return n
}
