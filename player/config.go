package player

import (
	"crypto/tls"
	"github.com/smoothie-player/smoothie/drm"
	"io"
	"net/http"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// SessionHeader carries the session id on every request and log post, so origin logs
// and player logs can be joined (the origin's name for it is origin.SessionHeader).
const SessionHeader = "X-Smoothie-Session"

// Config configures a Session. Zero fields take the documented defaults.
type Config struct {
	// URL of the client manifest (http or https), played by the Smooth Streaming
	// source. Required unless Source is set.
	URL string
	// Source replaces the Smooth Streaming source (an RTSP source, a test source).
	Source Source
	// Header is added to every request (--header K:V); UserAgent sets User-Agent.
	Header    http.Header
	UserAgent string
	// TLS is used for https (nil: system roots). cmd builds it from --ca / --insecure.
	TLS *tls.Config
	// Transport replaces the whole HTTP transport when set (tests); proxies come from
	// the environment otherwise.
	Transport http.RoundTripper
	// WrapTransport, when set, wraps the transport the session uses (its own, or
	// Transport): `smoothie load` counts each viewer's requests and shapes its link
	// there.
	WrapTransport func(http.RoundTripper) http.RoundTripper
	// SessionID is sent in SessionHeader (default: random 16 hex digits).
	SessionID string
	// CMCD adds Common Media Client Data headers (CMCD-Request/Object/Status/Session).
	CMCD bool
	// Keys are the content keys of protected presentations (play --key, --key-file),
	// chosen by the KID of the manifest's PlayReady header. Keys never reach a log,
	// the stats or an error: drm.Key prints its KID only.
	Keys drm.Keys
	// LicenseHeader is added to the ClearKey licence request the player sends the
	// PlayReady header's LA_URL when Keys is empty (--license-header K:V: a token).
	LicenseHeader http.Header

	// BufferTarget is how far ahead of the playhead each track downloads (default 30 s).
	BufferTarget time.Duration
	// StartBuffer is what each track must hold before playback starts (default 1 s, or
	// what is left of the presentation); RebufferTarget after a stall (default 2 s).
	StartBuffer    time.Duration
	RebufferTarget time.Duration
	// Start is where playback starts (--start), relative to the presentation start;
	// negative is back from the live edge (live) or from the end (VOD). A live start
	// is kept within the DVR window and no nearer the edge than LiveLatency.
	Start time.Duration
	// LiveLatency is how far behind the live edge (the end of the newest fragment
	// announced) a live session plays, and where a seek past the edge lands (default
	// 3 fragments). When a stall leaves playback more than LiveCatchUp beyond it, the
	// session skips to the live edge (default 3 fragments; negative: never).
	LiveLatency time.Duration
	LiveCatchUp time.Duration
	// LiveGiveUp is how long the live edge may stand still (no new fragment in the
	// manifest or a tfrf) while playback waits for it before the session fails: the
	// encoder has stopped without ending the broadcast (default the longer of 60 s
	// and 10 fragments; negative: wait for ever).
	LiveGiveUp time.Duration
	// PlayFor stops the session after this much media has played (0: to the end).
	PlayFor time.Duration
	// Loop restarts a VOD presentation at its end.
	Loop bool
	// Quality pins the video level (zero value: automatic).
	Quality Quality
	// AudioLang picks the audio stream by language (default: the first audio stream).
	AudioLang string
	// Text picks the text track (subtitles, captions) shown by language; with
	// TextAny the first text track when none is in that language. Both unset:
	// none is shown (CycleText shows one later).
	Text    string
	TextAny bool
	// DiscardMedia: nothing decodes the media (a virtual viewer of `smoothie load`
	// with NullDecoders), so audio and video fragments are read to their end and
	// only their moof is kept: samples carry times and flags, no data.
	DiscardMedia bool
	// NoAudio skips the audio stream even when there is one.
	NoAudio bool
	// VideoOptional: nobody watches the video (`play --video none`), so a video
	// that cannot play is not reported in Stats.VideoUnavailable.
	VideoOptional bool

	// Timeouts: connect (default 5 s), first byte (default 10 s), stall, i.e. no body
	// bytes for this long (default 10 s).
	ConnectTimeout   time.Duration
	FirstByteTimeout time.Duration
	StallTimeout     time.Duration
	// ManifestTimeout bounds one manifest transfer whole, however its bytes trickle
	// (default 30 s); ManifestGiveUp is how long opening tries before it fails
	// (default 25 s): no attempt starts that could not get its first byte in time.
	ManifestTimeout time.Duration
	ManifestGiveUp  time.Duration
	// Retries per fragment before stepping down a level or skipping it (default 3);
	// backoff doubles from RetryBase (default 200 ms) up to RetryMax (default 3 s),
	// with ±50 % jitter.
	Retries   int
	RetryBase time.Duration
	RetryMax  time.Duration
	// LateThreshold: a video frame later than this on the clock is dropped (default 80 ms).
	LateThreshold time.Duration

	// Policy picks the next video level (default: abr's smoothie engine, the
	// CLI's default; one per session). Meter is the one bandwidth meter, fed every
	// transfer (default: abr.NewMeter, the smoothie engine's forecast; the policy's
	// own when it is an abr.Forecaster).
	Policy Policy
	Meter  Meter
	// Sensors gives the device's power state and system CPU load (0..1, negative
	// unknown) without blocking (abr/sensor.Sampler.Latest), for the policy and
	// Stats; nil: unknown. DecodeBudget overrides the share of a frame interval
	// decoding may use (--cpu-budget; 0: the policy's own).
	Sensors      func() (abr.Power, float64)
	DecodeBudget float64
	// ViewSize gives the video output's size in pixels (0×0 unknown) without
	// blocking; levels larger than needed to fill it are capped (a pin overrides
	// the cap). nil: no cap.
	ViewSize func() (width, height int)
	// NewVideoDecoder and NewAudioDecoder open decoders (player/ffdec has FFmpeg's);
	// CheckCodec tells whether a level is decodable (nil: all are). A nil video
	// factory skips video; a nil audio factory skips audio.
	NewVideoDecoder func(DecoderConfig) (VideoDecoder, error)
	NewAudioDecoder func(cfg DecoderConfig, out AudioFormat) (AudioDecoder, error)
	CheckCodec      func(DecoderConfig) error
	// VideoSink shows frames (nil: frames are decoded and timed, then discarded).
	// AudioSink plays PCM and becomes the master clock (nil: a monotonic clock).
	VideoSink VideoSink
	AudioSink AudioSink
	// NullAudioFormat is the PCM format audio is decoded to without a sink
	// (default 48 kHz stereo float).
	NullAudioFormat AudioFormat

	// StatsJSON receives the --stats-json lines (events, then the summary line).
	StatsJSON io.Writer
	// LogURL receives the same lines as NDJSON posts every LogInterval (default 10 s)
	// and at exit, each at most 256 KiB.
	LogURL      string
	LogInterval time.Duration
	// Clock is the wall clock (default: the system clock). Tests pass their own.
	Clock Clock
	// Logf receives diagnostics (default: dropped).
	Logf func(format string, args ...any)
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.BufferTarget, 30*time.Second)
	def(&c.StartBuffer, time.Second)
	def(&c.RebufferTarget, 2*time.Second)
	def(&c.ConnectTimeout, 5*time.Second)
	def(&c.FirstByteTimeout, 10*time.Second)
	def(&c.StallTimeout, 10*time.Second)
	def(&c.ManifestTimeout, 30*time.Second)
	def(&c.ManifestGiveUp, 25*time.Second)
	def(&c.RetryBase, 200*time.Millisecond)
	def(&c.RetryMax, 3*time.Second)
	def(&c.LateThreshold, 80*time.Millisecond)
	def(&c.LogInterval, 10*time.Second)
	if c.Retries <= 0 {
		c.Retries = 3
	}
	if c.Policy == nil {
		c.Policy = abr.NewSmoothie(abr.DefaultSmoothieConfig())
	}
	if c.Meter == nil {
		f, _ := c.Policy.(abr.Forecaster)
		c.Meter = abr.NewMeter(f)
	}
	if c.Clock == nil {
		c.Clock = SystemClock{}
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	if c.NullAudioFormat.SampleRate == 0 {
		c.NullAudioFormat = AudioFormat{SampleRate: 48000, Channels: 2}
	}
}
