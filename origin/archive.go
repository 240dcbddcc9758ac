package origin

import (
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// archiveFile is one push written to disk as it arrives: ftyp, the pushed moov, every
// fragment, and at the end an mfra indexing them, i.e. an .ismv the VOD origin serves.
type archiveFile struct {
	name  string // relative to the archive root
	f     *os.File
	off   int64
	index []smooth.IndexEntry
}

// ftypISML is the ftyp of archived files (brand isml, as IIS writes).
var ftypISML = []byte{0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'm', 'l', 0, 0, 0, 1, 'p', 'i', 'f', 'f', 'i', 's', 'o', '2'}

// archiveDir is where a publishing point's archive goes: NAME/ beside where NAME.isml
// is addressed, under the archive root.
func archiveDir(pp *publishingPoint) string {
	return strings.TrimSuffix(pp.name, path.Ext(pp.name))
}

func (s *Server) archiveHeader(pp *publishingPoint, pu *push, moov []byte) error {
	if s.archive == nil {
		return nil
	}
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if pu.arch != nil {
		return nil // an encoder coming back: keep appending to the same file
	}
	dir := archiveDir(pp)
	if err := s.archive.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	name := path.Join(dir, path.Base(dir)+"_"+safeName(pu.id)+".ismv")
	f, err := s.archive.OpenFile(name, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	a := &archiveFile{name: name, f: f}
	for _, b := range [][]byte{ftypISML, moov} {
		n, err := f.Write(b)
		a.off += int64(n)
		if err != nil {
			f.Close()
			return err
		}
	}
	pu.arch = a
	return nil
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

func (s *Server) archiveFragment(pp *publishingPoint, pu *push, trackID uint32, t uint64, frag []byte) error {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	a := pu.arch
	if a == nil {
		return nil
	}
	n, err := a.f.Write(frag)
	if err != nil {
		return err
	}
	a.index = append(a.index, smooth.IndexEntry{TrackID: trackID, Time: t, MoofOffset: uint64(a.off)})
	a.off += int64(n)
	return nil
}

// archivePresentation closes every archived file with its mfra, writes the .ism, and
// starts serving the archive as VOD.
func (s *Server) archivePresentation(pp *publishingPoint) error {
	if s.archive == nil {
		return nil
	}
	pp.mu.Lock()
	sm := &smooth.ServerManifest{}
	for _, pu := range pp.pushes {
		a := pu.arch
		if a == nil {
			continue
		}
		mfra, err := smooth.MarshalMfra(a.index)
		if err == nil {
			_, err = a.f.Write(mfra)
		}
		if cerr := a.f.Close(); err == nil {
			err = cerr
		}
		pu.arch = nil
		if err != nil {
			pp.mu.Unlock()
			return fmt.Errorf("%s: %v", a.name, err)
		}
		for _, t := range pu.tracks {
			sm.Tracks = append(sm.Tracks, smooth.ServerTrack{Kind: t.kind, Src: path.Base(a.name), SystemBitrate: t.bitrate,
				Params: []smooth.Attribute{{Name: "trackID", Value: strconv.Itoa(int(t.trackID))}, {Name: "trackName", Value: t.name}}})
		}
	}
	pp.mu.Unlock()
	if len(sm.Tracks) == 0 {
		return nil
	}
	// Video first, as a reader of the .ism expects.
	var ordered []smooth.ServerTrack
	for _, k := range []media.Kind{media.KindVideo, media.KindAudio, media.KindText} {
		for _, t := range sm.Tracks {
			if t.Kind == k {
				ordered = append(ordered, t)
			}
		}
	}
	sm.Tracks = ordered
	dir := archiveDir(pp)
	ism := path.Join(dir, path.Base(dir)+".ism")
	f, err := s.archive.OpenFile(ism, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(sm.Marshal())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	p, err := loadPresentation(s.archive, ism)
	if err != nil {
		return fmt.Errorf("the archive does not load: %v", err)
	}
	s.ingestMu.Lock()
	key := strings.ToLower(ism)
	if old, ok := s.pres[key]; ok {
		old.Close()
	}
	s.pres[key] = p
	s.ingestMu.Unlock()
	return nil
}
