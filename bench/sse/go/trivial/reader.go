package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"log"
	"os"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// readBudget bounds one poll's read, as the service's log feed does.
const readBudget = 4 << 20

// reader follows one file and fans its new lines out to the subscribers.
type reader struct {
	path string

	mu   sync.Mutex
	subs map[chan []byte]struct{}

	file    *os.File
	offset  int64
	lines   int64
	partial []byte
	chunk   []byte
}

func newReader(path string) *reader {
	return &reader{path: path, subs: map[chan []byte]struct{}{}, chunk: make([]byte, 64<<10)}
}

func (r *reader) subscribe(c chan []byte) {
	r.mu.Lock()
	r.subs[c] = struct{}{}
	r.mu.Unlock()
}

func (r *reader) unsubscribe(c chan []byte) {
	r.mu.Lock()
	delete(r.subs, c)
	r.mu.Unlock()
}

// follow counts the lines the file already holds, then publishes each poll's new lines as one batch.
func (r *reader) follow(poll time.Duration) {
	r.advance(false)
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	for range ticker.C {
		r.advance(true)
	}
}

func (r *reader) advance(publish bool) {
	batch, err := r.read()
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			log.Printf("%s: %v", r.path, err)
		}
		return
	}
	if publish && len(batch) > 0 {
		r.publish(batch)
	}
}

// read returns the new complete lines as server-sent events, encoded once for every subscriber.
func (r *reader) read() ([]byte, error) {
	if r.file == nil {
		f, err := os.Open(r.path)
		if err != nil {
			return nil, err
		}
		r.file = f
	}
	info, err := r.file.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() < r.offset {
		// Truncated: start again from its beginning.
		r.offset, r.partial = 0, r.partial[:0]
	}
	var batch []byte
	for budget := int64(readBudget); budget > 0 && r.offset < info.Size(); {
		n, err := r.file.ReadAt(r.chunk, r.offset)
		if n == 0 {
			if err != nil && err != io.EOF {
				return batch, err
			}
			break
		}
		r.offset += int64(n)
		budget -= int64(n)
		data := r.chunk[:n]
		for {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				r.partial = append(r.partial, data...)
				break
			}
			line := data[:i]
			if len(r.partial) > 0 {
				line = append(r.partial, line...)
				r.partial = line[:0]
			}
			r.lines++
			batch = appendEvent(batch, r.lines, lineText(line))
			data = data[i+1:]
		}
	}
	return batch, nil
}

// lineText applies the service's line rule: a carriage return starts the line's text again, as on a terminal.
func lineText(line []byte) []byte {
	line = bytes.TrimRight(line, "\r")
	if i := bytes.LastIndexByte(line, '\r'); i >= 0 {
		return line[i+1:]
	}
	return line
}

func (r *reader) publish(batch []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.subs {
		select {
		case c <- batch:
		default:
			// Too far behind: its stream ends, as a slow subscriber of the service is told to reconnect.
			delete(r.subs, c)
			close(c)
		}
	}
}

func appendEvent(b []byte, n int64, text []byte) []byte {
	b = append(b, "event: log\nid: "...)
	b = strconv.AppendInt(b, n, 10)
	b = append(b, "\ndata: {\"n\":"...)
	b = strconv.AppendInt(b, n, 10)
	b = append(b, `,"line":`...)
	b = appendJSONString(b, text)
	return append(b, "}\n\n"...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s []byte) []byte {
	b = append(b, '"')
	for len(s) > 0 {
		c := s[0]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			s = s[1:]
			continue
		}
		rn, size := utf8.DecodeRune(s)
		if rn == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[:size]...)
		}
		s = s[size:]
	}
	return append(b, '"')
}
