package main

import (
	"math/bits"
	"sync/atomic"
)

// histogram counts latencies in microseconds, exact below 1,024 µs and within 0.2 % above (512 buckets per power of
// two), so that millions of samples cost a fixed 225 KB and no sorting. Safe for concurrent use.
type histogram struct {
	buckets [histBuckets]atomic.Uint64
	count   atomic.Uint64
	max     atomic.Int64
}

const (
	subBits     = 9 // 512 buckets per power of two
	histBuckets = (64 - subBits) << subBits
)

func bucketOf(us int64) int {
	if us < 0 {
		us = 0
	}
	v := uint64(us)
	if v < 2<<subBits {
		return int(v)
	}
	shift := bits.Len64(v) - subBits - 1
	return (shift+1)<<subBits + int(v>>shift) - 1<<subBits
}

// lowest value (µs) that falls in bucket b, and the width of the bucket.
func bucketRange(b int) (int64, int64) {
	if b < 2<<subBits {
		return int64(b), 1
	}
	shift := b>>subBits - 1
	sub := b&(1<<subBits-1) + 1<<subBits
	return int64(sub) << shift, int64(1) << shift
}

func (h *histogram) record(us int64) {
	h.buckets[bucketOf(us)].Add(1)
	h.count.Add(1)
	for {
		m := h.max.Load()
		if us <= m || h.max.CompareAndSwap(m, us) {
			return
		}
	}
}

// percentile returns the p-th percentile in microseconds (the middle of its bucket), or -1 without samples.
func (h *histogram) percentile(p float64) float64 {
	n := h.count.Load()
	if n == 0 {
		return -1
	}
	rank := uint64(p/100*float64(n-1)) + 1
	var seen uint64
	for b := range h.buckets {
		seen += h.buckets[b].Load()
		if seen >= rank {
			low, width := bucketRange(b)
			mid := float64(low) + float64(width-1)/2
			if m := float64(h.max.Load()); mid > m {
				return m
			}
			return mid
		}
	}
	return float64(h.max.Load())
}
