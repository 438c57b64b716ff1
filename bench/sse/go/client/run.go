package main

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// subscriber is what one stream received; only its own goroutine writes it.
type subscriber struct {
	connected bool
	failure   string // why the connection failed
	cutOff    string // how the stream ended before the window did
	first     int64  // first line id received, -1 before any
	last      int64
	gaps      int64  // times an id was not the previous one plus one
	lines     int64  // lines received inside the window
	received  int64  // lines received in all
	notice    string // the last reconnect or error event the server sent
}

type run struct {
	targets        []*target
	subs           []subscriber
	ramp           float64
	duration       time.Duration
	connectTimeout time.Duration
	replayed       int64
	hist           histogram

	// Unix nanoseconds, 0 until known: when the last connection attempt ended (the window's start) and its end.
	windowStart atomic.Int64
	windowEnd   atomic.Int64
	lastConnect atomic.Int64
	attempts    atomic.Int64
	allAttempts chan struct{}

	mu    sync.Mutex
	conns []net.Conn
}

func newRun(targets []*target, n int, ramp float64, duration, connectTimeout time.Duration) *run {
	r := &run{
		targets:        targets,
		subs:           make([]subscriber, n),
		ramp:           ramp,
		duration:       duration,
		connectTimeout: connectTimeout,
		allAttempts:    make(chan struct{}),
	}
	for i := range r.subs {
		r.subs[i].first, r.subs[i].last = -1, -1
	}
	return r
}

func (r *run) rampTime() time.Duration {
	if r.ramp <= 0 {
		return 0
	}
	return time.Duration(float64(len(r.subs)) / r.ramp * float64(time.Second))
}

func (r *run) execute() Report {
	start := time.Now()
	// Every connection is closed by then at the latest, whatever happens to the window's start.
	hardStop := start.Add(r.rampTime() + r.connectTimeout + r.duration + 10*time.Second)
	var wg sync.WaitGroup
	wg.Add(len(r.subs))
	go func() {
		for i := range r.subs {
			if r.ramp > 0 {
				at := start.Add(time.Duration(float64(i) / r.ramp * float64(time.Second)))
				if d := time.Until(at); d > time.Millisecond {
					time.Sleep(d)
				}
			}
			go r.subscribe(i, hardStop, &wg)
		}
	}()
	select {
	case <-r.allAttempts:
	case <-time.After(r.rampTime() + r.connectTimeout + 5*time.Second):
	}
	opened := time.Now()
	end := opened.Add(r.duration)
	r.windowStart.Store(opened.UnixNano())
	r.windowEnd.Store(end.UnixNano())
	r.mu.Lock()
	for _, c := range r.conns {
		c.SetReadDeadline(end)
	}
	r.mu.Unlock()
	wg.Wait()
	return r.report(start)
}

func (r *run) attemptDone() {
	if r.attempts.Add(1) == int64(len(r.subs)) {
		close(r.allAttempts)
	}
}

func (r *run) subscribe(i int, hardStop time.Time, wg *sync.WaitGroup) {
	defer wg.Done()
	s := &r.subs[i]
	conn, br, err := open(r.targets[i%len(r.targets)], r.connectTimeout)
	if err != nil {
		s.failure = connectFailure(err)
		r.attemptDone()
		return
	}
	defer conn.Close()
	s.connected = true
	r.mu.Lock()
	if end := r.windowEnd.Load(); end != 0 {
		conn.SetReadDeadline(time.Unix(0, end))
	} else {
		conn.SetReadDeadline(hardStop)
	}
	r.conns = append(r.conns, conn)
	r.mu.Unlock()
	for now := time.Now().UnixNano(); ; {
		last := r.lastConnect.Load()
		if now <= last || r.lastConnect.CompareAndSwap(last, now) {
			break
		}
	}
	r.attemptDone()

	err = readStream(br, func(id, tick int64) bool {
		now := time.Now().UnixNano()
		if end := r.windowEnd.Load(); end != 0 && now >= end {
			return false
		}
		if s.last >= 0 && id != s.last+1 {
			s.gaps++
		}
		if s.first < 0 {
			s.first = id
		}
		s.last = id
		s.received++
		if from := r.windowStart.Load(); from != 0 && now >= from && s.received > r.replayed {
			s.lines++
			if tick > 0 {
				r.hist.record((now - tick) / 1000)
			}
		}
		return true
	}, func(name string) { s.notice = name })
	if err != nil {
		if end := r.windowEnd.Load(); end == 0 || time.Now().UnixNano() < end {
			s.cutOff = endReason(err)
			switch s.notice {
			case "reconnect":
				s.cutOff += " after a reconnect event"
			case "error":
				s.cutOff += " after an error event"
			}
		}
	}
}

func (r *run) report(start time.Time) Report {
	rep := Report{
		Subscribers:     len(r.subs),
		ConnectFailures: map[string]int{},
		CutOffReasons:   map[string]int{},
		WindowSeconds:   r.duration.Seconds(),
	}
	for i := range r.subs {
		s := &r.subs[i]
		if !s.connected {
			rep.FailedConnects++
			rep.ConnectFailures[s.failure]++
			continue
		}
		rep.Connected++
		rep.Gaps += s.gaps
		rep.Lines += s.lines
		if s.cutOff != "" {
			rep.CutOff++
			rep.CutOffReasons[s.cutOff]++
		} else if s.gaps == 0 && s.first >= 0 {
			rep.Complete++
		}
	}
	if last := r.lastConnect.Load(); last != 0 {
		rep.ConnectSeconds = time.Duration(last - start.UnixNano()).Seconds()
	}
	rep.LinesPerSecond = float64(rep.Lines) / rep.WindowSeconds
	rep.LatencySamples = r.hist.count.Load()
	ms := func(us float64) float64 {
		if us < 0 {
			return -1
		}
		return us / 1000
	}
	rep.P50ms = ms(r.hist.percentile(50))
	rep.P90ms = ms(r.hist.percentile(90))
	rep.P99ms = ms(r.hist.percentile(99))
	rep.MaxMs = ms(float64(r.hist.max.Load()))
	if rep.LatencySamples == 0 {
		rep.MaxMs = -1
	}
	rep.ClientCPU = cpuSeconds()
	return rep
}
