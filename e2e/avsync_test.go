package e2e

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/pulsetest"
	"golang.org/x/sys/unix"
)

// The demo's synthetic source (decode/synth): a white flash on the video and a loud
// 1 kHz beep on the audio, both starting exactly at every whole second of media time
// and lasting 80 ms, over a quiet 220 Hz tone.
const (
	beepLen    = 80 * time.Millisecond
	demoFrame  = 40 * time.Millisecond // 25 fps
	syncPlay   = 8 * time.Second       // playback per run
	avShift    = 200 * time.Millisecond
	recLatency = 10 // parec --latency-msec
)

// monoNow reads CLOCK_MONOTONIC, the clock of the player's --present-log.
func monoNow() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		panic(err)
	}
	return time.Duration(ts.Nano())
}

// TestAVSync plays the demo through a real (PulseAudio null sink) audio device and
// measures A/V sync from outside the player: the wall time at which each second's
// flash frame is presented (the player's hidden --present-log) against the wall time
// at which that second's beep is played out (recorded from the sink's monitor). They
// must agree within one frame plus the measurement's own error, measured in the same
// run. A second run with video deliberately presented 200 ms late (--av-offset) must
// be caught, and measured as 200 ms: the measurement can fail.
func TestAVSync(t *testing.T) {
	pa := pulsetest.Start(t)
	o := startServe(t, "--access-log", "", "../testdata/demo")
	url := o.URL + "/demo.ism/Manifest"

	in := runSynced(t, pa, url, 0)
	out := runSynced(t, pa, url, avShift)
	t.Logf("in sync: %s", in)
	t.Logf("video %v late on purpose: %s", avShift, out)

	// The margin is the measurement floor taken in these runs (syncRun.floor): the
	// beep timestamps' noise, the movement of the recording latency PulseAudio
	// reports, and how late a sleeping thread wakes up on this machine now.
	margin := max(in.floor(), out.floor())
	tol := demoFrame + margin
	t.Logf("tolerance: one frame %v + measured margin %v = %v", demoFrame, margin, tol)
	if tol >= avShift/2 {
		t.Fatalf("measurement floor %v too high to tell sync from a %v offset", margin, avShift)
	}
	for _, d := range in.deltas {
		if d < -tol || d > tol {
			t.Errorf("A/V offset %v beyond %v (video after audio is positive): %v", d, tol, in.deltas)
			break
		}
	}
	// The negative control: shifted by avShift, every second is out of tolerance,
	// and the shift measured is the one injected.
	for _, d := range out.deltas {
		if d >= -tol && d <= tol {
			t.Errorf("offset %v with video %v late passes the %v tolerance: the test cannot see a sync error: %v", d, avShift, tol, out.deltas)
			break
		}
	}
	if got := out.median() - in.median(); got < avShift-tol || got > avShift+tol {
		t.Errorf("an injected %v video delay measured as %v", avShift, got)
	}
}

// syncRun is what one playback measured.
type syncRun struct {
	deltas      []time.Duration // per second: flash presented − beep played
	beepSpacing time.Duration   // max |onset spacing − 1 s| over consecutive seconds
	beepNoise   time.Duration   // median of the same
	flashJitter time.Duration   // max |flash spacing − 1 s|
	recPeriod   time.Duration   // longest gap between two reads of the recording
	wakeLate    time.Duration   // 99th percentile of how late a 5 ms sleep wakes up
	recLatency  []time.Duration // PulseAudio's recording latency, as sampled
	playLatency []time.Duration // PulseAudio's latency of the player's stream
	beepLens    []time.Duration
}

func (r syncRun) median() time.Duration { return medianDur(r.deltas) }

// spread is max − min of ds.
func spread(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return slices.Max(ds) - slices.Min(ds)
}

// floor is the measurement's own error, and the machine's: the timestamp noise on
// the audio side (the median of how far beep onsets stray from 1 s apart: the
// sink's pace hiccups now and then, by 35 ms once here, which shifts both beeps
// and flashes, so the typical stray is the noise, not the largest), how much
// PulseAudio's recording latency moved while we sampled it, and how late a
// sleeping thread wakes up on this machine now (the 99th percentile; the player's
// video waits by sleeping). The recording period is not in it: sampleTime takes
// the reads' lateness out.
func (r syncRun) floor() time.Duration {
	return r.beepNoise + spread(r.recLatency) + r.wakeLate
}

func (r syncRun) String() string {
	ms := func(ds []time.Duration) string {
		var b strings.Builder
		for i, d := range ds {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f", float64(d)/1e6)
		}
		return b.String()
	}
	return fmt.Sprintf("A/V offsets (ms) [%s]; beep lengths (ms) [%s]; beep spacing error %v (median %v), flash spacing error %v, recording period %v, wake-up lateness p99 %v, "+
		"recording latency (ms) [%s], player stream latency (ms) [%s]",
		ms(r.deltas), ms(r.beepLens), r.beepSpacing, r.beepNoise, r.flashJitter, r.recPeriod, r.wakeLate, ms(r.recLatency), ms(r.playLatency))
}

// read is one read of the recording: when it returned and how many samples had
// arrived by then.
type read struct {
	at time.Duration // CLOCK_MONOTONIC
	n  int           // samples received so far, this read included
}

// runSynced plays url for syncPlay with the sound device and video late by offset,
// records the sink's monitor meanwhile, and measures the offset of every second.
func runSynced(t *testing.T, pa *pulsetest.Server, url string, offset time.Duration) syncRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rec, pipe, err := pa.Record(ctx, recLatency)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		samples []int16
		reads   []read
	)
	recDone := make(chan error, 1)
	go func() {
		buf := make([]byte, 4096)
		var rest []byte
		for {
			n, err := pipe.Read(buf)
			at := monoNow()
			rest = append(rest, buf[:n]...)
			mu.Lock()
			for len(rest) >= 2 {
				samples = append(samples, int16(binary.LittleEndian.Uint16(rest)))
				rest = rest[2:]
			}
			if n > 0 {
				reads = append(reads, read{at, len(samples)})
			}
			mu.Unlock()
			if err != nil {
				recDone <- err
				return
			}
		}
	}()
	defer func() {
		rec.Process.Kill()
		rec.Wait()
		pipe.Close()
	}()

	dir := t.TempDir()
	plog, stats, dlog := filepath.Join(dir, "present.log"), filepath.Join(dir, "stats.jsonl"), filepath.Join(dir, "play.log")
	play := exec.CommandContext(ctx, smoothie, "play", "--headless", "--video", "none", "--quality", "1",
		"--for", syncPlay.String(), "--stats-json", stats, "--log", dlog, "--present-log", plog,
		"--av-offset", offset.String(), url)
	play.Env = pa.Env()
	var pout bytes.Buffer
	play.Stdout, play.Stderr = &pout, &pout
	if err := play.Start(); err != nil {
		t.Fatal(err)
	}
	var r syncRun
	waited := make(chan error, 1)
	go func() { waited <- play.Wait() }()
	wake := make(chan time.Duration, 1)
	sleepCtx, stopSleeping := context.WithCancel(ctx)
	go func() { wake <- wakeLateness(sleepCtx) }()
	// Sample PulseAudio's latencies while the player plays.
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
wait:
	for {
		select {
		case err = <-waited:
			break wait
		case <-tick.C:
			if l, err := pa.RecordLatency(); err == nil {
				r.recLatency = append(r.recLatency, l.Total())
			}
			if l, err := pa.StreamLatency(); err == nil {
				r.playLatency = append(r.playLatency, l.Total())
			}
		}
	}
	stopSleeping()
	r.wakeLate = <-wake
	if err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, pout.String())
	}
	// Let the last beeps reach the recording.
	time.Sleep(200 * time.Millisecond)
	diag, _ := os.ReadFile(dlog)
	if !bytes.Contains(diag, []byte("audio: sound device")) {
		t.Fatalf("the player did not use the PulseAudio device; its log:\n%s\noutput:\n%s", diag, pout.String())
	}
	js, _ := os.ReadFile(stats)
	if !bytes.Contains(js, []byte(`"type":"summary"`)) || !bytes.Contains(js, []byte(`"errors":0`)) {
		t.Fatalf("play summary: %s\noutput:\n%s", js, pout.String())
	}
	presents, err := os.ReadFile(plog)
	if err != nil {
		t.Fatal(err)
	}
	flashes, err := flashTimes(presents)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(r.recLatency) == 0 || len(r.playLatency) == 0 {
		t.Fatalf("pactl reported no recording (%v) or no playback stream (%v): the player's audio did not reach PulseAudio", r.recLatency, r.playLatency)
	}
	recLat := medianDur(r.recLatency)
	onsets, lens := beepOnsets(samples, pulsetest.Rate)
	r.beepLens = lens
	// The recording must hold the start of the sound, so that its first beep is
	// second 0's: silence first, then a beep right at the first sound.
	first := slices.IndexFunc(samples, func(v int16) bool { return v > 800 || v < -800 })
	if first < pulsetest.Rate/100 || len(onsets) == 0 || onsets[0]-first > pulsetest.Rate/1000 {
		t.Fatalf("the recording does not start with silence then a beep (first sound at sample %d, beeps at %v, %d samples, %d reads); player output:\n%s",
			first, onsets, len(samples), len(reads), pout.String())
	}
	// Beep k: played out at its arrival at the recorder less the recording latency.
	// What was detected is the demo's beep: 80 ms long.
	if l := medianDur(lens); l < beepLen-5*time.Millisecond || l > beepLen+10*time.Millisecond {
		t.Fatalf("beeps detected last %v, want %v: %v", l, beepLen, lens)
	}
	beeps := map[int]time.Duration{}
	var beepAt []time.Duration
	for _, n := range onsets {
		at := sampleTime(reads, n, pulsetest.Rate) - recLat
		k := int((at - beepAt0(beepAt, at) + time.Second/2) / time.Second)
		beeps[k] = at
		beepAt = append(beepAt, at)
	}
	r.recPeriod = maxGap(reads)
	r.beepSpacing, r.beepNoise = spacingError(beepAt)
	var flashAt []time.Duration
	for k := 0; k < len(flashes)+1; k++ {
		if f, ok := flashes[k]; ok {
			flashAt = append(flashAt, f)
		}
	}
	r.flashJitter, _ = spacingError(flashAt)
	for k := range int(syncPlay / time.Second) {
		f, fok := flashes[k]
		b, bok := beeps[k]
		switch {
		case fok && bok:
			r.deltas = append(r.deltas, f-b)
		case fok || bok:
			t.Errorf("second %d: flash presented %v, beep heard %v", k, fok, bok)
		}
	}
	if len(r.deltas) < int(syncPlay/time.Second)-1 {
		t.Fatalf("%d seconds measured in %v of playback (%d flashes presented, %d beeps heard): %s\nplayer output:\n%s",
			len(r.deltas), syncPlay, len(flashes), len(beeps), r, pout.String())
	}
	return r
}

// beepAt0 is the first beep's time, or at for the first beep.
func beepAt0(prev []time.Duration, at time.Duration) time.Duration {
	if len(prev) == 0 {
		return at
	}
	return prev[0]
}

func medianDur(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// flashTimes parses a --present-log and returns, per second k of media time, when
// its flash started on screen. The flash starts with the first frame of each second
// (the packager starts the video timeline at the AAC priming delay, 1024 samples, so
// that it is at k s + 21.3 ms, where audio has the beep). The log's first frame is
// the preroll frame, shown as it arrives, before the audio starts (so the first frame
// comes fast, as players do): for a flash starting there, its next frame counts, less
// the frame interval.
func flashTimes(log []byte) (map[int]time.Duration, error) {
	out := map[int]time.Duration{}
	var flashPTS time.Duration
	for i, l := range bytes.Split(bytes.TrimSpace(log), []byte("\n")) {
		var pts, at int64
		if _, err := fmt.Sscanf(string(l), "%d %d", &pts, &at); err != nil {
			return nil, fmt.Errorf("present log line %d %q: %v", i+1, l, err)
		}
		p := time.Duration(pts)
		k := int(p / time.Second)
		if p%time.Second < demoFrame {
			flashPTS = p
		}
		if _, ok := out[k]; ok || i == 0 || p-flashPTS >= beepLen || p < flashPTS {
			continue
		}
		out[k] = time.Duration(at) - (p - flashPTS)
	}
	return out, nil
}

// beepOnsets finds the beeps in a recording: the first sample above a third of full
// scale after 500 ms without one (the beep is at 0.7, the tone between at 0.05). It
// returns their sample indexes and lengths.
func beepOnsets(s []int16, rate int) (onsets []int, lens []time.Duration) {
	const thr = 32768 / 3
	quiet := rate / 2
	last := -quiet
	for i, v := range s {
		if v > thr || v < -thr {
			if i-last >= quiet {
				if len(onsets) > 0 {
					lens = append(lens, time.Duration(last-onsets[len(onsets)-1])*time.Second/time.Duration(rate))
				}
				onsets = append(onsets, i)
			}
			last = i
		}
	}
	if len(onsets) > 0 {
		lens = append(lens, time.Duration(last-onsets[len(onsets)-1])*time.Second/time.Duration(rate))
	}
	return onsets, lens
}

// sampleTime estimates when sample n arrived at the recorder: the earliest time
// consistent with the reads near it (a read at time at holding samples up to m
// means sample n was there by at − (m−n)/rate), which takes out the lateness of
// each read; the lower envelope is taken over the reads within 500 ms after it,
// so that a slow or fast sink does not bend it.
func sampleTime(reads []read, n, rate int) time.Duration {
	i, _ := slices.BinarySearchFunc(reads, n, func(r read, n int) int { return r.n - n })
	if i == len(reads) {
		i = len(reads) - 1
	}
	best := time.Duration(math.MaxInt64)
	for _, r := range reads[i:] {
		if r.at-reads[i].at > 500*time.Millisecond {
			break
		}
		best = min(best, r.at-time.Duration(r.n-n)*time.Second/time.Duration(rate))
	}
	return best
}

// wakeLateness sleeps 5 ms at a time until ctx ends and returns the 99th
// percentile of how late it woke up.
func wakeLateness(ctx context.Context) time.Duration {
	var late []time.Duration
	for ctx.Err() == nil {
		t0 := time.Now()
		time.Sleep(5 * time.Millisecond)
		late = append(late, time.Since(t0)-5*time.Millisecond)
	}
	if len(late) == 0 {
		return 0
	}
	slices.Sort(late)
	return late[len(late)*99/100]
}

// maxGap is the longest time between two consecutive reads.
func maxGap(reads []read) time.Duration {
	var g time.Duration
	for i := 1; i < len(reads); i++ {
		g = max(g, reads[i].at-reads[i-1].at)
	}
	return g
}

// spacingError is the largest and the median deviation of consecutive events from
// 1 s apart (an event missing is skipped: gaps near 2 s count against 2 s).
func spacingError(ts []time.Duration) (largest, median time.Duration) {
	var e []time.Duration
	for i := 1; i < len(ts); i++ {
		d := ts[i] - ts[i-1]
		k := (d + time.Second/2) / time.Second
		e = append(e, (d - k*time.Second).Abs())
	}
	if len(e) == 0 {
		return 0, 0
	}
	return slices.Max(e), medianDur(e)
}
