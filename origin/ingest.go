package origin

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// Live ingest: an encoder POSTs a fragmented MP4 stream to /NAME.isml/Streams(ID) the
// way FFmpeg's ismv muxer and IIS-compatible encoders do (ftyp, an optional
// StreamManifest uuid box with a SMIL description, moov, then moof+mdat per track
// fragment, chunked). The origin builds the live publishing point from it as it
// arrives, serves it to players with tfxd/tfrf and a sliding DVR window, and archives
// it (see archive.go). A clean end of every stream turns the presentation into VOD.

// maxIngestBox bounds one box of a push (a moov or a fragment's mdat).
const maxIngestBox = 64 << 20

// uuidStreamManifest is the MS-SSTR StreamManifestBox: the encoder's SMIL description.
var uuidStreamManifest = []byte{0x3c, 0x2f, 0xe5, 0x1b, 0xef, 0xee, 0x40, 0xa3, 0xae, 0x81, 0x53, 0x00, 0x19, 0x9a, 0xc4, 0xbc}

// uuidLiveServerManifest is the MS-SSTR LiveServerManifestBox, which FFmpeg writes.
var uuidLiveServerManifest = []byte{0xa5, 0xd4, 0x0b, 0x30, 0xe8, 0x14, 0x11, 0xdd, 0xba, 0x2f, 0x08, 0x00, 0x20, 0x0c, 0x9a, 0x66}

// publishingPoint is one live presentation fed by ingest.
type publishingPoint struct {
	name string // e.g. "live.isml" (lowercase key)
	mu   sync.RWMutex
	// pushes by stream ID (Streams(ID)); each carries one or more tracks.
	pushes map[string]*push
	tracks []*ingestTrack
	start  time.Time
	ended  bool
	// zero is the encoder time that is time 0 on this point, fixed by its first
	// fragment (see rebase).
	zero    time.Duration
	zeroSet bool
}

// push is one encoder connection's stream.
type push struct {
	id     string
	active bool
	ended  bool
	tracks map[uint32]*ingestTrack
	arch   *archiveFile
}

// ingestTrack is one track of a push, with its fragments in the DVR window.
type ingestTrack struct {
	kind      media.Kind
	name      string
	bitrate   uint64
	timescale uint64
	trackID   uint32
	ft        smooth.FileTrack
	frags     []ingestFrag
	ended     bool
	push      *push
}

// ingestFrag is one received fragment (moof+mdat bytes as pushed).
type ingestFrag struct {
	time, dur uint64
	data      []byte
}

func (t *ingestTrack) end() uint64 {
	if len(t.frags) == 0 {
		return 0
	}
	f := t.frags[len(t.frags)-1]
	return f.time + f.dur
}

// allowedIngest says whether r may push: from loopback (or Config.IngestAllow), and
// with the token when one is set.
func (s *Server) allowedIngest(r *http.Request) (int, string) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	ok := err == nil && addr.IsLoopback()
	for _, p := range s.cfg.IngestAllow {
		if err == nil && p.Contains(addr.Unmap()) {
			ok = true
		}
	}
	if !ok {
		return http.StatusForbidden, "ingest from " + host + " is not allowed (serve --ingest-allow CIDR)"
	}
	if tok := s.cfg.IngestToken; tok != "" {
		got := r.URL.Query().Get("token")
		if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
			got = strings.TrimPrefix(a, "Bearer ")
		}
		if got == "" {
			return http.StatusUnauthorized, "ingest needs a token (Authorization: Bearer or ?token=)"
		}
		if got != tok {
			return http.StatusForbidden, "wrong ingest token"
		}
	}
	return 0, ""
}

// ingest handles POST /NAME.isml/Streams(ID).
func (s *Server) ingest(w http.ResponseWriter, r *http.Request, req *smooth.Request) {
	if !s.cfg.Ingest {
		httpError(w, http.StatusNotImplemented, "live ingest is off (serve --ingest)")
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		w.Header().Set("Allow", "POST")
		httpError(w, http.StatusMethodNotAllowed, "push a stream with POST")
		return
	}
	if code, why := s.allowedIngest(r); code != 0 {
		s.cfg.Warnf("ingest %s refused: %s", r.URL.Path, why)
		refusePush(w, code, why)
		return
	}
	if !req.Live {
		refusePush(w, http.StatusBadRequest, "ingest goes to a .isml publishing point")
		return
	}
	name := strings.TrimPrefix(req.Dir+"/"+req.Presentation, "/")
	if why := badIngestName(name, req.StreamID); why != "" {
		s.cfg.Warnf("ingest %s refused: %s", r.URL.Path, why)
		refusePush(w, http.StatusBadRequest, why)
		return
	}
	key := strings.ToLower(name)
	if err := s.activePush(key, req.StreamID); err != nil {
		s.cfg.Warnf("ingest %s: %v", r.URL.Path, err)
		refusePush(w, http.StatusConflict, err.Error())
		return
	}
	// Nothing is created or reset before the push brings a moov (or a moof continuing
	// a stream that has one): an empty or bad push leaves the publishing point as it was.
	rc := http.NewResponseController(w)
	head, err := s.readHead(rc, r.Body)
	if errors.Is(err, errHandshake) {
		// MS-SSTR 3.3.3: an encoder first POSTs nothing and starts its push once
		// that is answered 200. It creates and changes nothing.
		w.WriteHeader(http.StatusOK)
		return
	}
	if err != nil {
		s.cfg.Warnf("ingest %s: %v", r.URL.Path, err)
		refusePush(w, http.StatusBadRequest, err.Error())
		return
	}
	pp, pu, code, err := s.beginPush(key, req.StreamID, head)
	if err != nil {
		s.cfg.Warnf("ingest %s: %v", r.URL.Path, err)
		refusePush(w, code, err.Error())
		return
	}
	err = s.readPush(rc, r.Body, pp, pu, head)
	pp.finish(pu, err == nil)
	if err != nil {
		s.cfg.Warnf("ingest %s: %v", r.URL.Path, err)
		refusePush(w, http.StatusBadRequest, err.Error())
		return
	}
	if pp.isEnded() {
		if err := s.archivePresentation(pp); err != nil {
			s.cfg.Warnf("archiving %s: %v", pp.name, err)
		}
	}
	w.WriteHeader(http.StatusOK)
}

// refusePush answers a push with code and closes its connection at once: an
// encoder still sending would otherwise learn of the refusal only when its push
// ends (a server drains a request body before it answers).
func refusePush(w http.ResponseWriter, code int, reason string) {
	rc := http.NewResponseController(w)
	rc.EnableFullDuplex()
	w.Header().Set("Connection", "close")
	httpError(w, code, reason)
	rc.Flush()
	c, _, err := rc.Hijack()
	if err != nil {
		return
	}
	// Half-close, and read what the encoder still sends for a moment before the
	// full close: closing a socket with unread data resets it, and a reset can
	// reach the client before the answer does.
	if tc, ok := c.(interface{ CloseWrite() error }); ok {
		tc.CloseWrite()
	}
	go func() {
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		io.Copy(io.Discard, c)
	}()
}

// activePush refuses a second encoder on a stream that has one pushing.
func (s *Server) activePush(key, id string) error {
	s.ingestMu.RLock()
	pp := s.points[key]
	s.ingestMu.RUnlock()
	if pp == nil {
		return nil
	}
	pp.mu.RLock()
	defer pp.mu.RUnlock()
	if pu, ok := pp.pushes[id]; ok && pu.active && !pp.ended {
		return fmt.Errorf("stream %q of %s already has an encoder pushing", id, pp.name)
	}
	return nil
}

// beginPush finds or creates the publishing point for a push whose head was read, and
// registers the encoder. A moov starts a publishing point (a new one in place of a
// finished one); a moof continues a stream of a live one, else it is refused.
func (s *Server) beginPush(key, id string, head pushHead) (*publishingPoint, *push, int, error) {
	if head.typ == "moov" {
		if err := checkMoov(head.box); err != nil {
			return nil, nil, http.StatusBadRequest, fmt.Errorf("offset %d: %v", head.off, err)
		}
	}
	s.ingestMu.Lock()
	defer s.ingestMu.Unlock()
	pp, ok := s.points[key]
	if head.typ == "moof" {
		if !ok || pp.isEnded() || !pp.hasTracks(id) {
			return nil, nil, http.StatusBadRequest, fmt.Errorf("offset %d: moof before moov: a push starts with ftyp and moov", head.off)
		}
	} else if !ok || pp.isEnded() {
		pp = &publishingPoint{name: key, pushes: map[string]*push{}, start: s.cfg.Now()}
		s.points[key] = pp
	}
	pu, err := pp.begin(id)
	if err != nil {
		return nil, nil, http.StatusConflict, err
	}
	return pp, pu, 0, nil
}

// hasTracks says whether stream id has brought a moov.
func (pp *publishingPoint) hasTracks(id string) bool {
	pp.mu.RLock()
	defer pp.mu.RUnlock()
	pu, ok := pp.pushes[id]
	return ok && len(pu.tracks) > 0
}

func (pp *publishingPoint) isEnded() bool {
	pp.mu.RLock()
	defer pp.mu.RUnlock()
	return pp.ended
}

// begin registers an encoder on stream id; a second encoder on an active stream is refused.
func (pp *publishingPoint) begin(id string) (*push, error) {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if pu, ok := pp.pushes[id]; ok {
		if pu.active {
			return nil, fmt.Errorf("stream %q of %s already has an encoder pushing", id, pp.name)
		}
		pu.active = true
		return pu, nil
	}
	pu := &push{id: id, active: true, tracks: map[uint32]*ingestTrack{}}
	pp.pushes[id] = pu
	return pu, nil
}

// finish marks a push done: a clean end of the body ends its tracks; an error leaves
// them open for the encoder to come back. When every push has ended cleanly the
// presentation is over.
func (pp *publishingPoint) finish(pu *push, clean bool) {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	pu.active = false
	if clean {
		pu.ended = true
		for _, t := range pu.tracks {
			t.ended = true
		}
	}
	all := len(pp.pushes) > 0
	for _, p := range pp.pushes {
		all = all && p.ended
	}
	pp.ended = all && len(pp.tracks) > 0
}

// pushHead is what a push sends before its first moov or moof: the encoder's SMIL (if
// any) and that first moov or moof, at offset off.
type pushHead struct {
	smil *smooth.ServerManifest
	typ  string
	box  []byte
	off  int64
}

// errNoMoov is a push that ended before it brought a moov; errHandshake one that
// brought nothing at all: an encoder's initialization POST (MS-SSTR 3.3.3).
var (
	errNoMoov    = errors.New("the push ended before a moov: nothing to publish (a push starts with ftyp and moov)")
	errHandshake = errors.New("empty push: an encoder's initialization")
)

// readHead reads a push up to its first moov or moof, keeping only the SMIL.
func (s *Server) readHead(rc *http.ResponseController, body io.Reader) (pushHead, error) {
	var h pushHead
	for {
		typ, box, err := s.nextBox(rc, body)
		if err == io.EOF && h.off == 0 {
			return h, errHandshake
		}
		if err == io.EOF {
			return h, errNoMoov
		}
		if err != nil {
			return h, fmt.Errorf("offset %d: %v", h.off, err)
		}
		switch typ {
		case "moov", "moof":
			h.typ, h.box = typ, box
			return h, nil
		case "mdat":
			return h, fmt.Errorf("offset %d: mdat without a moof", h.off)
		case "uuid":
			if sm := streamManifest(box); sm != nil {
				h.smil = sm
			}
		}
		h.off += int64(len(box))
	}
}

// nextBox reads the next box of a push: an encoder silent for longer than
// Config.IngestIdle has stalled and the read fails.
func (s *Server) nextBox(rc *http.ResponseController, body io.Reader) (string, []byte, error) {
	rc.SetReadDeadline(s.cfg.Now().Add(s.cfg.IngestIdle))
	return readBox(body)
}

// streamManifest is the SMIL of a StreamManifest or LiveServerManifest uuid box, or nil.
func streamManifest(box []byte) *smooth.ServerManifest {
	if len(box) >= 24 && (bytes.Equal(box[8:24], uuidLiveServerManifest) || bytes.Equal(box[8:24], uuidStreamManifest)) {
		xml := bytes.TrimLeft(box[24:], "\x00 \t\r\n")
		if sm, err := smooth.ParseServerManifest(bytes.NewReader(xml), "stream manifest box"); err == nil {
			return sm
		}
	}
	return nil
}

// readPush reads the pushed boxes from its head until the body ends. A stalled push
// is cut (its tracks stay, unended).
func (s *Server) readPush(rc *http.ResponseController, body io.Reader, pp *publishingPoint, pu *push, h pushHead) error {
	smil, typ, box, off := h.smil, h.typ, h.box, h.off
	var moof []byte
	seenMoov := len(pu.tracks) > 0
	for {
		switch typ {
		case "uuid":
			if sm := streamManifest(box); sm != nil {
				smil = sm
			}
		case "moov":
			if err := pp.addTracks(pu, box, smil); err != nil {
				return fmt.Errorf("offset %d: %v", off, err)
			}
			if err := s.archiveHeader(pp, pu, box); err != nil {
				s.cfg.Warnf("archiving %s: %v", pp.name, err)
			}
			seenMoov = true
		case "moof":
			if !seenMoov {
				return fmt.Errorf("offset %d: moof before moov: a push starts with ftyp and moov", off)
			}
			if moof != nil {
				return fmt.Errorf("offset %d: two moofs in a row", off)
			}
			moof = box
		case "mdat":
			if moof == nil {
				return fmt.Errorf("offset %d: mdat without a moof", off)
			}
			frag := append(moof, box...)
			moof = nil
			if err := s.addFragment(pp, pu, frag); err != nil {
				return fmt.Errorf("offset %d: %v", off, err)
			}
		default:
			// ftyp, free, skip, styp, mfra and unknown top-level boxes are skipped, as a
			// server must.
		}
		off += int64(len(box))
		var err error
		typ, box, err = s.nextBox(rc, body)
		if err == io.EOF {
			if moof != nil {
				return fmt.Errorf("offset %d: the push ends after a moof without its mdat", off)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("offset %d: %v", off, err)
		}
	}
}

// readBox reads one box of a push.
func readBox(r io.Reader) (string, []byte, error) {
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:8]); err != nil {
		if err == io.EOF {
			return "", nil, io.EOF
		}
		return "", nil, fmt.Errorf("reading a box header: %v", err)
	}
	n := 8
	if binary.BigEndian.Uint32(hdr[:]) == 1 {
		if _, err := io.ReadFull(r, hdr[8:16]); err != nil {
			return "", nil, fmt.Errorf("%q box: reading its 64-bit size: %v", hdr[4:8], err)
		}
		n = 16
	}
	typ, size, hl, err := smooth.ParseBoxHeader(hdr[:n])
	if err != nil {
		return "", nil, err
	}
	if size == 0 {
		return "", nil, fmt.Errorf("%q box runs to the end of the stream: a live push sends sized boxes", typ)
	}
	if size > maxIngestBox {
		return "", nil, fmt.Errorf("%q box of %d bytes (limit %d MiB)", typ, size, maxIngestBox>>20)
	}
	for _, c := range typ {
		if c < 0x20 || c > 0x7e {
			return "", nil, fmt.Errorf("not an MP4 box (type %q): is this a fragmented MP4 push?", typ)
		}
	}
	box := make([]byte, size)
	copy(box, hdr[:hl])
	if _, err := io.ReadFull(r, box[hl:]); err != nil {
		return "", nil, fmt.Errorf("%q box of %d bytes: %v", typ, size, err)
	}
	return typ, box, nil
}

// checkMoov says why a pushed moov cannot start a publishing point (nil if it can).
func checkMoov(moov []byte) error {
	fts, err := smooth.ParseMoovTracks(moov)
	if err != nil {
		return err
	}
	for _, ft := range fts {
		if ft.Kind != media.KindUnknown {
			return nil
		}
	}
	return errNoAVTrack
}

var errNoAVTrack = errors.New("moov has no audio or video track")

// addTracks registers the tracks of a push's moov, naming and rating them from the
// encoder's SMIL when it sent one.
func (pp *publishingPoint) addTracks(pu *push, moov []byte, smil *smooth.ServerManifest) error {
	fts, err := smooth.ParseMoovTracks(moov)
	if err != nil {
		return err
	}
	pp.mu.Lock()
	defer pp.mu.Unlock()
	for _, ft := range fts {
		if ft.Kind == media.KindUnknown {
			continue
		}
		t := &ingestTrack{kind: ft.Kind, name: ft.Kind.String(), timescale: uint64(ft.Timescale), trackID: ft.ID, ft: ft, push: pu}
		if smil != nil {
			for _, st := range smil.Tracks {
				if st.TrackID() != int(ft.ID) {
					continue
				}
				t.bitrate = st.SystemBitrate
				if n, ok := st.Param("trackName"); ok && n != "" {
					t.name = n
				}
				if v, ok := st.Param("CodecPrivateData"); ok && t.ft.CodecPrivateData == "" {
					t.ft.CodecPrivateData = v
				}
			}
		}
		if t.bitrate == 0 {
			t.bitrate = 100000 * uint64(len(pp.tracks)+1) // refined from the fragments below
		}
		if old, ok := pu.tracks[ft.ID]; ok {
			t.frags = old.frags // an encoder coming back continues its track
			for i, x := range pp.tracks {
				if x == old {
					pp.tracks[i] = t
				}
			}
		} else {
			pp.tracks = append(pp.tracks, t)
		}
		pu.tracks[ft.ID] = t
	}
	if len(pu.tracks) == 0 {
		return errNoAVTrack
	}
	return nil
}

// addFragment stores a pushed fragment under its track, timed by its tfxd.
func (s *Server) addFragment(pp *publishingPoint, pu *push, frag []byte) error {
	f, err := smooth.ParseFragment(frag, smooth.FragmentOptions{})
	if err != nil {
		return err
	}
	pp.mu.Lock()
	t, ok := pu.tracks[f.TrackID]
	if !ok {
		pp.mu.Unlock()
		return fmt.Errorf("fragment for track %d, which the moov does not have", f.TrackID)
	}
	start, dur := f.Time, f.Duration
	if !f.HasTfxd {
		start = t.end()
	}
	if start > 1<<63 {
		// A negative first time (AAC priming, as FFmpeg writes it) wrapped around: start
		// at 0 and keep the end where it was.
		start, dur = 0, start+dur
	}
	if start, dur, err = pp.rebase(start, dur, t.timescale, s.cfg.LiveEpoch, s.epochGiven); err != nil {
		pp.mu.Unlock()
		return fmt.Errorf("track %d: %v", f.TrackID, err)
	}
	if e := t.end(); len(t.frags) > 0 && start < e {
		if start+dur <= e {
			pp.mu.Unlock()
			return fmt.Errorf("track %d fragment at t=%d goes back before t=%d", f.TrackID, start, e)
		}
		dur, start = start+dur-e, e
	}
	if !f.HasTfxd || f.Time != start || f.Duration != dur {
		// Store (and archive) the fragment with the times it is served under.
		f.Time, f.Duration, f.Lookahead = start, dur, nil
		if frag, err = f.Marshal(f.TrackID); err != nil {
			pp.mu.Unlock()
			return err
		}
	}
	t.frags = append(t.frags, ingestFrag{time: start, dur: dur, data: frag})
	// Drop what has left the DVR window (the archive keeps it).
	if dvr := uint64(s.cfg.DVRWindow.Seconds() * float64(t.timescale)); dvr > 0 {
		end := t.end()
		i := 0
		for i < len(t.frags)-1 && t.frags[i].time+t.frags[i].dur+dvr < end {
			i++
		}
		t.frags = t.frags[i:]
	}
	pp.mu.Unlock()
	if err := s.archiveFragment(pp, pu, f.TrackID, start, frag); err != nil {
		s.cfg.Warnf("archiving %s: %v", pp.name, err)
	}
	return nil
}
