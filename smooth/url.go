package smooth

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// FragmentURL expands the stream's Url template for one level and start time by plain
// text substitution of every token occurrence: {bitrate}/{Bitrate} with the Bitrate as
// written, {start time}/{start_time} with the exact decimal time, and {CustomAttributes}
// with the level's Name=Value pairs joined by commas. The result is relative to the
// manifest URL's directory (see ResolveFragmentURL).
func (s *StreamIndex) FragmentURL(q *QualityLevel, start uint64) string {
	return ExpandTemplate(s.URL, q, start)
}

// ExpandTemplate expands a fragment URL template (see StreamIndex.FragmentURL).
func ExpandTemplate(tmpl string, q *QualityLevel, start uint64) string {
	br := q.BitrateText
	if br == "" {
		br = strconv.FormatUint(q.Bitrate, 10)
	}
	ts := strconv.FormatUint(start, 10)
	ca := make([]string, len(q.CustomAttributes))
	for i, a := range q.CustomAttributes {
		ca[i] = a.Name + "=" + a.Value
	}
	// With no custom attributes, ",{CustomAttributes}" leaves no dangling comma:
	// QualityLevels({bitrate},{CustomAttributes}) becomes QualityLevels(300000).
	r := strings.NewReplacer(
		",{CustomAttributes}", prefixed(",", ca),
		"{bitrate}", br, "{Bitrate}", br,
		"{start time}", ts, "{start_time}", ts,
		"{CustomAttributes}", strings.Join(ca, ","),
	)
	return r.Replace(tmpl)
}

func prefixed(sep string, parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return sep + strings.Join(parts, ",")
}

// ResolveFragmentURL resolves an expanded fragment URL against the manifest URL: the
// base is the manifest's directory, i.e. ".../NAME.ism/" for ".../NAME.ism/Manifest".
func ResolveFragmentURL(manifestURL *url.URL, rel string) (*url.URL, error) {
	ref, err := url.Parse(rel)
	if err != nil {
		// Templates may hold characters url.Parse refuses (spaces); escape them.
		ref, err = url.Parse(strings.ReplaceAll(rel, " ", "%20"))
		if err != nil {
			return nil, fmt.Errorf("fragment URL %q: %v", rel, err)
		}
	}
	return manifestURL.ResolveReference(ref), nil
}

// RequestKind is what an IIS-style Smooth Streaming URL asks for.
type RequestKind int

// The requests a Smooth Streaming server answers.
const (
	RequestManifest     RequestKind = iota + 1 // /NAME.ism/Manifest
	RequestFragment                            // QualityLevels(B)/Fragments(stream=T): moof+mdat
	RequestFragmentInfo                        // FragmentInfo: moof only
	RequestRawFragment                         // RawFragments: mdat payload only
	RequestKeyFrames                           // KeyFrames: all samples independently decodable
	RequestIngest                              // POST /NAME.isml/Streams(ID): live ingest
)

func (k RequestKind) String() string {
	switch k {
	case RequestManifest:
		return "Manifest"
	case RequestFragment:
		return "Fragments"
	case RequestFragmentInfo:
		return "FragmentInfo"
	case RequestRawFragment:
		return "RawFragments"
	case RequestKeyFrames:
		return "KeyFrames"
	case RequestIngest:
		return "Streams"
	}
	return "unknown"
}

// Request is a parsed Smooth Streaming URL path.
type Request struct {
	Kind RequestKind
	// Dir is the virtual path before the presentation ("" or "/a/b").
	Dir string
	// Presentation is the publishing point file name, e.g. "demo.ism" or "live.isml".
	Presentation string
	Live         bool
	// ManifestArgs holds the text inside Manifest(...) (e.g. "format=m3u8-aapl"), if any.
	ManifestArgs string
	// Bitrate and Attributes come from QualityLevels(B[,k=v]...).
	Bitrate    uint64
	Attributes []Attribute
	// Stream and Time come from Fragments(stream=T) and its sibling nouns.
	Stream string
	Time   uint64
	// StreamID is the ID of Streams(ID) for ingest.
	StreamID string
}

// ErrNotSmooth is wrapped when a path is not a Smooth Streaming URL at all (no .ism or
// .isml segment): a router may serve it otherwise (static files, /log).
var ErrNotSmooth = errors.New("not a Smooth Streaming URL")

// ParseRequest parses a URL path such as "/v/demo.ism/QualityLevels(300000)/Fragments(video=0)".
// Names match case-insensitively, as IIS does.
func ParseRequest(path string) (*Request, error) {
	segs := strings.Split(path, "/")
	pi := -1
	for i, s := range segs {
		ls := strings.ToLower(s)
		if strings.HasSuffix(ls, ".ism") || strings.HasSuffix(ls, ".isml") {
			pi = i
			break
		}
	}
	if pi < 0 {
		return nil, fmt.Errorf("%q: %w (no .ism or .isml segment)", path, ErrNotSmooth)
	}
	req := &Request{
		Dir:          strings.Join(segs[:pi], "/"),
		Presentation: segs[pi],
		Live:         strings.HasSuffix(strings.ToLower(segs[pi]), ".isml"),
	}
	rest := segs[pi+1:]
	bad := func(why string) (*Request, error) {
		return nil, fmt.Errorf("%q: %s", path, why)
	}
	if len(rest) == 0 || (len(rest) == 1 && rest[0] == "") {
		return bad("nothing after " + req.Presentation + " (want /Manifest or /QualityLevels(B)/Fragments(stream=T))")
	}
	name, args, ok := call(rest[0])
	switch {
	case strings.EqualFold(rest[0], "manifest") || (ok && strings.EqualFold(name, "manifest")):
		if len(rest) > 1 {
			return bad("unexpected path after Manifest")
		}
		req.Kind = RequestManifest
		req.ManifestArgs = args
		return req, nil
	case ok && strings.EqualFold(name, "streams"):
		if len(rest) > 1 || args == "" {
			return bad("want Streams(ID) as the last segment")
		}
		req.Kind, req.StreamID = RequestIngest, args
		return req, nil
	case ok && strings.EqualFold(name, "events") && len(rest) == 2:
		// /NAME.isml/Events(id)/Streams(ID): ingest with an event id.
		n2, a2, ok2 := call(rest[1])
		if !ok2 || !strings.EqualFold(n2, "streams") || a2 == "" {
			return bad("want Events(id)/Streams(ID)")
		}
		req.Kind, req.StreamID = RequestIngest, a2
		return req, nil
	case ok && strings.EqualFold(name, "qualitylevels"):
	default:
		return bad(fmt.Sprintf("unknown request %q (want Manifest, QualityLevels(B)/Fragments(stream=T) or Streams(ID))", rest[0]))
	}
	parts := strings.Split(args, ",")
	br, err := strconv.ParseUint(strings.TrimSpace(parts[0]), 10, 64)
	if err != nil {
		return bad(fmt.Sprintf("QualityLevels(%s): bitrate is not an unsigned integer", args))
	}
	req.Bitrate = br
	for _, kv := range parts[1:] {
		k, v, found := strings.Cut(kv, "=")
		if !found || k == "" {
			return bad(fmt.Sprintf("QualityLevels(%s): attribute %q is not Name=Value", args, kv))
		}
		req.Attributes = append(req.Attributes, Attribute{Name: k, Value: v})
	}
	if len(rest) != 2 {
		return bad("want QualityLevels(B)/Fragments(stream=T)")
	}
	noun, nargs, ok := call(rest[1])
	if !ok {
		return bad(fmt.Sprintf("%q: want Fragments(stream=T)", rest[1]))
	}
	switch strings.ToLower(noun) {
	case "fragments":
		req.Kind = RequestFragment
	case "fragmentinfo":
		req.Kind = RequestFragmentInfo
	case "rawfragments":
		req.Kind = RequestRawFragment
	case "keyframes":
		req.Kind = RequestKeyFrames
	default:
		return bad(fmt.Sprintf("unknown noun %q (want Fragments, FragmentInfo, RawFragments or KeyFrames)", noun))
	}
	// Fragments(stream=T[,format=...]): the HLS predicate is ignored here.
	first, _, _ := strings.Cut(nargs, ",")
	stream, ts, found := strings.Cut(first, "=")
	if !found || stream == "" {
		return bad(fmt.Sprintf("%s(%s): want stream=time", noun, nargs))
	}
	t, err := strconv.ParseUint(strings.TrimSpace(ts), 10, 64)
	if err != nil {
		return bad(fmt.Sprintf("%s(%s): time is not an unsigned 64-bit integer", noun, nargs))
	}
	req.Stream, req.Time = stream, t
	return req, nil
}

// call splits "Name(args)" into its name and arguments.
func call(seg string) (name, args string, ok bool) {
	open := strings.IndexByte(seg, '(')
	if open <= 0 || !strings.HasSuffix(seg, ")") {
		return "", "", false
	}
	return seg[:open], seg[open+1 : len(seg)-1], true
}

// Path renders the request back to a URL path (the inverse of ParseRequest).
func (r *Request) Path() string {
	base := r.Dir + "/" + r.Presentation
	switch r.Kind {
	case RequestManifest:
		if r.ManifestArgs != "" {
			return base + "/Manifest(" + r.ManifestArgs + ")"
		}
		return base + "/Manifest"
	case RequestIngest:
		return base + "/Streams(" + r.StreamID + ")"
	}
	ql := strconv.FormatUint(r.Bitrate, 10)
	for _, a := range r.Attributes {
		ql += "," + a.Name + "=" + a.Value
	}
	return fmt.Sprintf("%s/QualityLevels(%s)/%s(%s=%d)", base, ql, r.Kind, r.Stream, r.Time)
}
