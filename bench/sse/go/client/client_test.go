package main

import (
	"bufio"
	"io"
	"math"
	"strings"
	"testing"
)

func TestReadStreamDispatchesLogEventsAtBlankLines(t *testing.T) {
	wire := ": heartbeat\n\n" +
		"event: log\nid: 7\ndata: {\"n\":7,\"line\":\"tick 1700000000000000001\"}\n\n" +
		"event: other\nid: 8\ndata: {}\n\n" +
		"event: log\r\nid: 9\r\ndata: {\"n\":9,\"line\":\"no tick here\"}\r\n\r\n" +
		"event: log\nid: 10\ndata: {\"n\":10,\"line\":\"" + strings.Repeat("x", 10000) + "\"}\n\n"
	type got struct{ id, tick int64 }
	var events []got
	err := readStream(bufio.NewReaderSize(strings.NewReader(wire), 64), func(id, tick int64) bool {
		events = append(events, got{id, tick})
		return true
	}, func(name string) { t.Fatalf("no %s event was sent", name) })
	if err != io.EOF {
		t.Fatalf("err = %v, want EOF", err)
	}
	want := []got{{7, 1700000000000000001}, {9, -1}, {10, -1}}
	if len(events) != len(want) {
		t.Fatalf("events = %v, want %v", events, want)
	}
	for i := range want {
		if events[i] != want[i] {
			t.Fatalf("events = %v, want %v", events, want)
		}
	}
}

func TestReadStreamStopsWhenTold(t *testing.T) {
	wire := "event: log\nid: 1\ndata: x\n\nevent: log\nid: 2\ndata: x\n\n"
	calls := 0
	err := readStream(bufio.NewReader(strings.NewReader(wire)), func(id, tick int64) bool {
		calls++
		return false
	}, func(string) {})
	if err != nil || calls != 1 {
		t.Fatalf("err = %v, calls = %d; want nil, 1", err, calls)
	}
}

func TestHistogramPercentilesWithinItsPrecision(t *testing.T) {
	var h histogram
	for us := int64(1); us <= 100000; us++ {
		h.record(us)
	}
	for _, p := range []float64{50, 90, 99} {
		want := p / 100 * 100000
		if got := h.percentile(p); math.Abs(got-want)/want > 0.003 {
			t.Errorf("p%v = %v, want about %v", p, got, want)
		}
	}
	if got := h.percentile(100); got != 100000 {
		t.Errorf("p100 = %v, want the maximum", got)
	}
}

func TestHistogramBucketsAreContiguous(t *testing.T) {
	prev := -1
	for us := int64(0); us < 1<<22; us++ {
		b := bucketOf(us)
		low, width := bucketRange(b)
		if us < low || us >= low+width {
			t.Fatalf("%d µs in bucket %d = [%d, %d)", us, b, low, low+width)
		}
		if b != prev && b != prev+1 {
			t.Fatalf("bucket jumps from %d to %d at %d µs", prev, b, us)
		}
		prev = b
	}
	if b := bucketOf(math.MaxInt64); b >= histBuckets {
		t.Fatalf("largest value falls outside the buckets: %d", b)
	}
}

func TestReadStreamReportsReconnectAndErrorEvents(t *testing.T) {
	wire := "event: log\nid: 1\ndata: x\n\nevent: reconnect\nid: 1\ndata: {}\n\nevent: error\ndata: {}\n\n"
	var notices []string
	readStream(bufio.NewReader(strings.NewReader(wire)), func(id, tick int64) bool { return true },
		func(name string) { notices = append(notices, name) })
	if strings.Join(notices, ",") != "reconnect,error" {
		t.Fatalf("notices = %v", notices)
	}
}
