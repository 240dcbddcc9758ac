package smooth

import (
	"encoding/xml"
	"math"
	"math/bits"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// DefaultTimeScale is the TimeScale of a manifest that names none: 100 ns units.
const DefaultTimeScale = 10_000_000

// DefaultNALUnitLengthField is the NAL length-prefix size when a QualityLevel names none.
const DefaultNALUnitLengthField = 4

// Manifest is a client manifest (the SmoothStreamingMedia document) with every default
// resolved: StreamIndex TimeScale inherits the root, Name defaults to Type, and each
// stream's fragments are a Timeline computed from its c elements.
type Manifest struct {
	MajorVersion int
	MinorVersion int
	// TimeScale applies to Duration and DVRWindowLength (and is the default stream timescale).
	TimeScale uint64
	// Duration in TimeScale units; 0 for live of unknown length.
	Duration uint64
	IsLive   bool
	// LookaheadCount is the number of tfrf entries to expect on live. The attribute is
	// LookaheadCount in the specification and LookAheadFragmentCount in practice;
	// LookaheadAttr remembers which was written so Marshal writes the same.
	LookaheadCount int
	LookaheadAttr  string
	// DVRWindowLength in TimeScale units; 0 on live means unbounded.
	DVRWindowLength uint64
	// CanSeek and CanPause are the IIS/AMS live flags; nil when absent.
	CanSeek  *bool
	CanPause *bool
	// CustomAttributes are the root-level <CustomAttributes> (informative).
	CustomAttributes []Attribute
	Protection       []ProtectionHeader
	Streams          []*StreamIndex
	// Extra keeps attributes this package does not know (vendor extensions).
	Extra []xml.Attr
	// Warnings lists oddities that do not stop playback (wrong Chunks, duplicate names).
	Warnings []string
}

// Attribute is one Name/Value pair of a <CustomAttributes> element.
type Attribute struct {
	Name  string
	Value string
}

// ProtectionHeader is one DRM system's header: SystemID as written and the decoded payload.
type ProtectionHeader struct {
	// SystemID is the DRM system UUID, normalised to lowercase without braces.
	SystemID string
	// Data is the base64-decoded header (a PlayReady Object for PlayReady); nil when
	// the text was not valid base64, in which case Raw still holds it.
	Data []byte
	// Raw is the element's text with whitespace removed.
	Raw string
}

// StreamIndex is one stream (a set of alternative tracks of the same content).
type StreamIndex struct {
	Type    media.Kind
	Subtype string
	// Name is the StreamName in fragment URLs; defaults to the Type.
	Name     string
	Language string
	// URL is the fragment URL template (the Url attribute).
	URL string
	// TimeScale of this stream's fragment times; inherits the root's.
	TimeScale uint64
	// Chunks and QualityLevelCount are the counts as written (informative, often wrong).
	Chunks            int
	QualityLevelCount int
	MaxWidth          int
	MaxHeight         int
	DisplayWidth      int
	DisplayHeight     int
	// ParentStreamIndex names the parent of a sparse stream.
	ParentStreamIndex string
	ManifestOutput    bool
	// FourCC on the StreamIndex itself, as a few manifests write it (fallback for levels).
	FourCC   string
	Levels   []*QualityLevel
	Timeline Timeline
	// Content holds the markers written in the manifest itself (IIS: ScriptCommand
	// and Marker elements, content.go).
	Content []ContentMarker
	Extra   []xml.Attr
	// Line is where the StreamIndex element starts in the source document (0 if built).
	Line int
}

// QualityLevel is one track (bitrate) of a stream (TrackElement in MS-SSTR).
type QualityLevel struct {
	Index   int
	Bitrate uint64
	// BitrateText is Bitrate as written, substituted verbatim into URLs.
	BitrateText      string
	FourCC           string
	MaxWidth         int
	MaxHeight        int
	CodecPrivateData string
	SamplingRate     int
	Channels         int
	BitsPerSample    int
	PacketSize       int
	AudioTag         int
	// NALUnitLengthField is the NAL length-prefix size; DefaultNALUnitLengthField when absent.
	NALUnitLengthField int
	// WaveFormatEx is the legacy hex WAVEFORMATEX some audio levels carry instead of CodecPrivateData.
	WaveFormatEx     string
	CustomAttributes []Attribute
	Extra            []xml.Attr
	// Line is where the QualityLevel element starts in the source document (0 if built).
	Line int
}

// MaxSeconds is the latest time a manifest may reach, in whole seconds: about 292
// years, the most a time.Duration holds. Later times are refused by the parser.
const MaxSeconds = math.MaxInt64 / int64(time.Second)

// TimeFits reports whether ticks of a timescale are a time the player can hold: at most
// math.MaxInt64 ticks and less than MaxSeconds seconds.
func TimeFits(ticks, timescale uint64) bool {
	return timescale != 0 && ticks <= math.MaxInt64 && ticks/timescale < uint64(MaxSeconds)
}

// Seconds converts ticks of a timescale to a duration without float rounding on the whole
// part. A time past MaxSeconds saturates at the largest duration, never wraps negative.
func Seconds(ticks, timescale uint64) time.Duration {
	if timescale == 0 {
		return 0
	}
	whole := ticks / timescale
	if whole >= uint64(MaxSeconds) {
		return math.MaxInt64
	}
	hi, lo := bits.Mul64(ticks%timescale, uint64(time.Second))
	frac, _ := bits.Div64(hi, lo, timescale)
	return time.Duration(whole)*time.Second + time.Duration(frac)
}

// DurationTime is the presentation duration: Duration, or when it is 0 the end of the
// longest stream's timeline.
func (m *Manifest) DurationTime() time.Duration {
	if m.Duration > 0 {
		return Seconds(m.Duration, m.TimeScale)
	}
	var longest time.Duration
	for _, s := range m.Streams {
		if s.Timeline.Len() == 0 {
			continue
		}
		if d := Seconds(s.Timeline.End()-s.Timeline.Start(), s.TimeScale); d > longest {
			longest = d
		}
	}
	return longest
}

// Stream returns the first stream of the kind, or nil.
func (m *Manifest) Stream(k media.Kind) *StreamIndex {
	for _, s := range m.Streams {
		if s.Type == k {
			return s
		}
	}
	return nil
}
