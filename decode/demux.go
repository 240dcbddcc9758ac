package decode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/media"
)

// DemuxOptions configures a Demuxer.
type DemuxOptions struct {
	// Format forces an input format ("rtsp"); "" lets libavformat probe the URL.
	Format string
	// Options are the input format's own options, as ffmpeg's -OPTION VALUE
	// ("rtsp_transport": "tcp", "user_agent": "…", "max_delay": "200000").
	Options map[string]string
	// OpenTimeout bounds opening and probing the input (0: no bound): a server that
	// never answers is given up after it.
	OpenTimeout time.Duration
}

// DemuxStream is one stream of an input.
type DemuxStream struct {
	Index int
	Kind  media.Kind
	// Codec is the decoder family, "" when this build has no decoder for it;
	// CodecName is FFmpeg's name for the codec either way ("h264", "vp8").
	Codec     media.Codec
	CodecName string
	// Config opens a decoder for the stream (Extradata as libavformat has it:
	// Annex B parameter sets for H.264 over RTP).
	Config media.CodecConfig
	// TimeBase is the unit of the stream's timestamps, Num/Den seconds; FrameRate
	// the video's average frame rate, Num/Den frames a second (0/0 unknown).
	TimeBase  [2]int
	FrameRate [2]int
}

// Packet is one demuxed packet: a frame of a stream, its data copied out of FFmpeg.
type Packet struct {
	Stream int
	Data   []byte
	// PTS and DTS in the stream's time base (astiav.NoPtsValue: unknown); Duration
	// likewise (0 unknown).
	PTS, DTS, Duration int64
	Keyframe           bool
}

// Demuxer reads packets from any input libavformat opens: a file, or a network
// source (rtsp://, rtsps://) through FFmpeg's own client. It counts the RTP
// packets libavformat reports missing (its "RTP: missed N packets" warnings) and
// gives the RTCP sender reports' wall-clock mapping (start_time_realtime). A
// Demuxer is used from one goroutine; Missed and Close may be called from any.
type Demuxer struct {
	fc      *astiav.FormatContext
	intr    astiav.IOInterrupter
	imu     sync.Mutex // serializes intr's Interrupt and Resume
	pkt     *astiav.Packet
	streams []DemuxStream
	stop    func() bool
	untap   func()
	missed  atomic.Int64
	mu      sync.Mutex // Close against the read loop
	closed  bool
	url     string
	timer   *time.Timer
	expired atomic.Bool
}

// OpenDemuxer opens url and probes its streams. Cancelling ctx interrupts whatever
// the demuxer is waiting for (the open, a read) for good: Read then fails.
func OpenDemuxer(ctx context.Context, url string, opts DemuxOptions) (*Demuxer, error) {
	var ifmt *astiav.InputFormat
	if opts.Format != "" {
		if ifmt = astiav.FindInputFormat(opts.Format); ifmt == nil {
			return nil, fmt.Errorf("demux %s: no input format %q in this FFmpeg build", Redact(url), opts.Format)
		}
	}
	d := &Demuxer{fc: astiav.AllocFormatContext(), pkt: astiav.AllocPacket(), url: Redact(url)}
	if d.fc == nil || d.pkt == nil {
		d.Close()
		return nil, fmt.Errorf("demux %s: allocating the format context failed", d.url)
	}
	d.intr = d.fc.SetInterruptCallback()
	d.stop = context.AfterFunc(ctx, d.interrupt)
	d.timer = time.AfterFunc(time.Hour, func() { d.expired.Store(true); d.interrupt() })
	d.timer.Stop()
	d.untap = logs.tap(d.fc, d.heard)
	dict := astiav.NewDictionary()
	defer dict.Free()
	for k, v := range opts.Options {
		if err := dict.Set(k, v, 0); err != nil {
			d.Close()
			return nil, fmt.Errorf("demux %s: option %s: %w", d.url, k, err)
		}
	}
	d.arm(opts.OpenTimeout)
	err := d.fc.OpenInput(url, ifmt, dict)
	opened := err == nil
	if opened {
		err = d.fc.FindStreamInfo(nil)
	} else {
		d.fc = nil // avformat_open_input freed it
	}
	timedOut := d.disarm(opts.OpenTimeout)
	if err != nil {
		d.Close()
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("demux %s: %w", d.url, ctx.Err())
		case timedOut:
			return nil, fmt.Errorf("demux %s: no answer in %v: %w", d.url, opts.OpenTimeout, ErrTimeout)
		case opened:
			return nil, fmt.Errorf("demux %s: probing streams: %w", d.url, err)
		}
		return nil, fmt.Errorf("demux %s: %w", d.url, err)
	}
	for _, s := range d.fc.Streams() {
		d.streams = append(d.streams, streamOf(s))
	}
	return d, nil
}

// ErrTimeout is a wait on the input that ran out (OpenTimeout, Read's timeout).
var ErrTimeout = errors.New("timed out")

// arm interrupts libavformat after timeout (0: never) unless disarmed first.
func (d *Demuxer) arm(timeout time.Duration) {
	if timeout > 0 {
		d.expired.Store(false)
		d.timer.Reset(timeout)
	}
}

// disarm stops the timer and reports whether it had fired; when it fired after the
// wait ended, the interrupt it raised is taken back.
func (d *Demuxer) disarm(timeout time.Duration) bool {
	if timeout <= 0 {
		return false
	}
	d.timer.Stop()
	return d.expired.Load()
}

// heard is the demuxer's tap on its context's log lines.
func (d *Demuxer) heard(_ LogSeverity, msg string) {
	if n, ok := MissedPackets(msg); ok {
		d.missed.Add(int64(n))
	}
}

// MissedPackets parses libavformat's RTP loss warning ("RTP: missed 3 packets").
func MissedPackets(msg string) (int, bool) {
	i := strings.Index(msg, "missed ")
	if i < 0 || !strings.HasSuffix(strings.TrimSpace(msg), "packets") {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscanf(msg[i:], "missed %d packets", &n); err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// Streams lists the input's streams.
func (d *Demuxer) Streams() []DemuxStream { return d.streams }

// Missed is how many RTP packets libavformat reported missing so far.
func (d *Demuxer) Missed() int64 { return d.missed.Load() }

// Read returns the next packet; io.EOF at the end of the input, an error wrapping
// ErrTimeout when none came within timeout (0: wait as long as libavformat does).
func (d *Demuxer) Read(timeout time.Duration) (Packet, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return Packet{}, fmt.Errorf("demux %s: closed", d.url)
	}
	d.arm(timeout)
	err := d.fc.ReadFrame(d.pkt)
	if d.disarm(timeout) {
		d.imu.Lock()
		d.intr.Resume()
		d.imu.Unlock()
		if err != nil {
			return Packet{}, fmt.Errorf("demux %s: no packet in %v: %w", d.url, timeout, ErrTimeout)
		}
	}
	if err != nil {
		if errors.Is(err, astiav.ErrEof) {
			return Packet{}, io.EOF
		}
		return Packet{}, fmt.Errorf("demux %s: reading: %w", d.url, err)
	}
	defer d.pkt.Unref()
	p := Packet{Stream: d.pkt.StreamIndex(), Data: append([]byte(nil), d.pkt.Data()...),
		PTS: d.pkt.Pts(), DTS: d.pkt.Dts(), Duration: d.pkt.Duration(),
		Keyframe: d.pkt.Flags().Has(astiav.PacketFlagKey)}
	return p, nil
}

// StartRealtime is the wall-clock time of the input's start as its sender's
// clock has it (libavformat's start_time_realtime: for RTSP, the NTP time of the
// first RTCP sender report), once known.
func (d *Demuxer) StartRealtime() (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return time.Time{}, false
	}
	us, ok := startTimeRealtime(d.fc)
	if !ok {
		return time.Time{}, false
	}
	return time.UnixMicro(us), true
}

// interrupt raises the interrupt flag libavformat polls. go-astiav's interrupter
// writes a plain int, so the raisers (ctx's end, the timer, Close) take turns.
func (d *Demuxer) interrupt() {
	d.imu.Lock()
	d.intr.Interrupt()
	d.imu.Unlock()
}

// Close releases the input; it interrupts a Read in progress first.
func (d *Demuxer) Close() {
	if d.intr != nil {
		d.interrupt()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.closed = true
	if d.stop != nil {
		d.stop()
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	if d.untap != nil {
		d.untap()
	}
	if d.fc != nil {
		d.fc.CloseInput()
		d.fc.Free()
		d.fc = nil
	}
	if d.pkt != nil {
		d.pkt.Free()
	}
}

// streamOf describes one of libavformat's streams.
func streamOf(s *astiav.Stream) DemuxStream {
	cp := s.CodecParameters()
	ds := DemuxStream{Index: s.Index(), CodecName: cp.CodecID().Name(),
		TimeBase: [2]int{s.TimeBase().Num(), s.TimeBase().Den()}, FrameRate: [2]int{s.AvgFrameRate().Num(), s.AvgFrameRate().Den()}}
	switch cp.MediaType() {
	case astiav.MediaTypeVideo:
		ds.Kind = media.KindVideo
	case astiav.MediaTypeAudio:
		ds.Kind = media.KindAudio
	}
	ds.Codec = codecOf(cp.CodecID())
	ds.Config = media.CodecConfig{Kind: ds.Kind, Codec: ds.Codec, FourCC: ds.CodecName,
		Extradata: append([]byte(nil), cp.ExtraData()...), Width: cp.Width(), Height: cp.Height(),
		SampleRate: cp.SampleRate(), Channels: cp.Channels(), Bitrate: uint64(max(cp.BitRate(), 0))}
	if ds.Codec == "" {
		return ds
	}
	if _, kind, _ := codecID(ds.Codec); kind != ds.Kind {
		ds.Codec, ds.Config.Codec = "", ""
	}
	return ds
}

// codecOf is codecID's inverse: the family of FFmpeg's id, "" when not one of ours.
func codecOf(id astiav.CodecID) media.Codec {
	for _, c := range []media.Codec{media.CodecH264, media.CodecHEVC, media.CodecVC1, media.CodecAAC, media.CodecWMAPro,
		media.CodecWMA2, media.CodecEAC3, media.CodecAC3, media.CodecOpus, media.CodecPCMU, media.CodecPCMA} {
		if cid, _, _ := codecID(c); cid == id {
			return c
		}
	}
	return ""
}

// Redact drops the credentials from a URL for messages (rtsp://user:pass@host →
// rtsp://host).
func Redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return url
	}
	host, path, _ := strings.Cut(rest, "/")
	if at := strings.LastIndex(host, "@"); at >= 0 {
		host = host[at+1:]
	}
	if path != "" || strings.Contains(rest, "/") {
		return scheme + "://" + host + "/" + path
	}
	return scheme + "://" + host
}
