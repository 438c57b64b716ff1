package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestAppendJSONStringIsValidJSON(t *testing.T) {
	for _, s := range []string{"tick 123", `quote " and \ back`, "tab\tnl\nctl\x01", "ünï", "bad \xff byte"} {
		var back string
		if err := json.Unmarshal(appendJSONString(nil, []byte(s)), &back); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if s != "bad \xff byte" && back != s {
			t.Fatalf("%q came back as %q", s, back)
		}
	}
}

func TestReaderNumbersFromTheFilesStartAndKeepsPartialLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "job.log")
	write := func(s string) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(s)
		f.Close()
	}
	write("one\ntwo\n")
	r := newReader(path)
	if b, err := r.read(); err != nil || r.lines != 2 || len(b) == 0 {
		t.Fatalf("first read: lines %d, err %v", r.lines, err)
	}
	write("thr")
	if b, _ := r.read(); len(b) != 0 {
		t.Fatalf("a partial line was sent: %q", b)
	}
	write("ee\nbar 50%\rbar 100%\r\n")
	b, _ := r.read()
	want := "event: log\nid: 3\ndata: {\"n\":3,\"line\":\"three\"}\n\n" +
		"event: log\nid: 4\ndata: {\"n\":4,\"line\":\"bar 100%\"}\n\n"
	if string(b) != want {
		t.Fatalf("got %q, want %q", b, want)
	}
}
