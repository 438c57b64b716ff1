// Command sseclient opens many server-sent-event subscribers on log streams whose lines read "tick <unix ns>" and
// reports how many of them received every line, and how late: latency is the subscriber's clock at the read minus
// the tick the line carries.
//
//	sseclient -url 'http://127.0.0.1:8080/api/v1/jobs/j/logs/stream?tail=1' -header 'Authorization: Bearer …' \
//	    -replayed 1 -n 2000 -ramp 1000 -duration 15s -json
//
// Subscribers are spread round-robin over the URLs. Connections open at -ramp per second; the measurement window
// starts once every attempt has connected or failed and lasts -duration. Latencies and line counts cover the window
// only (the ramp is warm-up), less the first -replayed lines of each stream, which a server may replay from before
// the subscription; the ids a subscriber received count from its first line to the window's end. Lines a "complete"
// subscriber received have contiguous ids, and its stream stayed open to the window's end.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// Report is the -json output; durations in seconds, latencies in milliseconds.
type Report struct {
	Subscribers     int            `json:"subscribers"`
	Connected       int            `json:"connected"`
	FailedConnects  int            `json:"failed_connects"`
	ConnectFailures map[string]int `json:"connect_failures"`
	Complete        int            `json:"complete"`
	CutOff          int            `json:"cut_off"`
	CutOffReasons   map[string]int `json:"cut_off_reasons"`
	Gaps            int64          `json:"gaps"`
	ConnectSeconds  float64        `json:"connect_seconds"`
	WindowSeconds   float64        `json:"window_seconds"`
	Lines           int64          `json:"lines"`
	LinesPerSecond  float64        `json:"lines_per_second"`
	LatencySamples  uint64         `json:"latency_samples"`
	P50ms           float64        `json:"p50_ms"`
	P90ms           float64        `json:"p90_ms"`
	P99ms           float64        `json:"p99_ms"`
	MaxMs           float64        `json:"max_ms"`
	ClientCPU       float64        `json:"client_cpu_seconds"`
}

func main() {
	var urls, headers listFlag
	flag.Var(&urls, "url", "stream URL (repeatable)")
	flag.Var(&headers, "header", "request header, 'Name: value' (repeatable)")
	urlsFile := flag.String("urls", "", "file of stream URLs, one per line")
	n := flag.Int("n", 100, "subscribers")
	duration := flag.Duration("duration", 20*time.Second, "measurement window, after the last connection")
	ramp := flag.Float64("ramp", 1000, "connections opened per second (0: all at once)")
	connectTimeout := flag.Duration("connect-timeout", 10*time.Second, "limit for one connection's dial and head")
	replayed := flag.Int64("replayed", 0, "lines at the start of each stream not timed (a tail the server replays)")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()

	if *urlsFile != "" {
		listed, err := readURLs(*urlsFile)
		if err != nil {
			fail(err)
		}
		urls = append(urls, listed...)
	}
	if len(urls) == 0 || *n < 1 || *duration <= 0 || *replayed < 0 {
		fail(fmt.Errorf("need -url or -urls, -n >= 1, -duration > 0 and -replayed >= 0"))
	}
	targets := make([]*target, len(urls))
	for i, u := range urls {
		t, err := newTarget(u, headers)
		if err != nil {
			fail(err)
		}
		targets[i] = t
	}
	if err := raiseFileLimit(uint64(*n) + 64); err != nil {
		fail(err)
	}
	r := newRun(targets, *n, *ramp, *duration, *connectTimeout)
	r.replayed = *replayed
	report := r.execute()
	if *asJSON {
		out, _ := json.Marshal(report)
		fmt.Println(string(out))
	} else {
		printText(report)
	}
}

func readURLs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := strings.TrimSpace(s.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out, s.Err()
}

// raiseFileLimit lifts the soft limit on open files to what the subscribers need, up to the hard limit.
func raiseFileLimit(need uint64) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	if lim.Cur >= need {
		return nil
	}
	if lim.Max < need {
		return fmt.Errorf("%d subscribers need %d open files; the hard limit is %d", need-64, need, lim.Max)
	}
	lim.Cur = need
	return syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func printText(r Report) {
	fmt.Printf("subscribers %d, connected %d, failed connects %d%s\n",
		r.Subscribers, r.Connected, r.FailedConnects, counts(r.ConnectFailures))
	fmt.Printf("complete %d, cut off %d%s, gaps %d\n", r.Complete, r.CutOff, counts(r.CutOffReasons), r.Gaps)
	fmt.Printf("connect %.2f s, window %.2f s, %d lines, %.0f lines/s\n",
		r.ConnectSeconds, r.WindowSeconds, r.Lines, r.LinesPerSecond)
	fmt.Printf("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f (%d samples)\n",
		r.P50ms, r.P90ms, r.P99ms, r.MaxMs, r.LatencySamples)
	fmt.Printf("client CPU %.2f s\n", r.ClientCPU)
}

func counts(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "sseclient:", err)
	os.Exit(2)
}
