// Command trivialsse is the simplest honest server of a log as server-sent events, the yardstick the service's log
// streams are measured against: GET /logs/<name>/stream follows the file <dir>/<name> (or the one -file, whatever the
// name) from its end on, and sends each new line as
//
//	event: log
//	id: <line number>
//	data: {"n":<line number>,"line":"<the line, JSON-escaped>"}
//
// numbered from the file's first line, as the service numbers a job's log. One reader per file polls it every -poll
// and hands each batch of new lines, encoded once, to every subscriber through a buffered channel; a subscriber whose
// buffer is full is dropped (its stream ends), as the service tells a slow subscriber to reconnect. There is no
// authentication, replay, heartbeat or end of stream: only the fan-out.
//
// It prints "listening on <address>" once it accepts connections.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

type server struct {
	dir    string
	file   string
	poll   time.Duration
	buffer int

	mu      sync.Mutex
	readers map[string]*reader
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	dir := flag.String("dir", "", "directory of the logs: /logs/<name>/stream follows <dir>/<name>")
	file := flag.String("file", "", "the one log every /logs/<name>/stream follows")
	poll := flag.Duration("poll", 10*time.Millisecond, "how often a followed file is checked for new lines")
	buffer := flag.Int("buffer", 1024, "batches a subscriber may have waiting before it is dropped")
	flag.Parse()
	if (*dir == "") == (*file == "") || *poll <= 0 || *buffer < 1 {
		fmt.Fprintln(os.Stderr, "trivialsse: need exactly one of -dir and -file, -poll > 0 and -buffer >= 1")
		os.Exit(2)
	}
	s := &server{dir: *dir, file: *file, poll: *poll, buffer: *buffer, readers: map[string]*reader{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /logs/{name}/stream", s.stream)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	os.Stdout.Sync()
	log.Fatal(http.Serve(ln, mux))
}

func (s *server) path(name string) (string, bool) {
	if s.file != "" {
		return s.file, true
	}
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\") {
		return "", false
	}
	return filepath.Join(s.dir, name), true
}

// reader returns the file's one reader, started by its first subscriber.
func (s *server) reader(path string) *reader {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.readers[path]
	if r == nil {
		r = newReader(path)
		s.readers[path] = r
		go r.follow(s.poll)
	}
	return r
}

func (s *server) stream(w http.ResponseWriter, req *http.Request) {
	path, ok := s.path(req.PathValue("name"))
	if !ok {
		http.NotFound(w, req)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	r := s.reader(path)
	batches := make(chan []byte, s.buffer)
	r.subscribe(batches)
	defer r.unsubscribe(batches)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher.Flush()
	for {
		select {
		case <-req.Context().Done():
			return
		case batch, open := <-batches:
			if !open {
				return
			}
			if _, err := w.Write(batch); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
