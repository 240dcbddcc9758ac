package origin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// presentation is one .ism with its client manifest and open media files.
type presentation struct {
	// name is the .ism path relative to the served root, with forward slashes.
	name     string
	manifest *smooth.Manifest
	// xml is the client manifest as served; etag is its hash.
	xml     []byte
	etag    string
	modTime time.Time
	files   []*mediaFile
	// levels maps a stream name (lowercased) to its levels.
	levels map[string][]*level
}

// level is one QualityLevel of one stream, backed by a track of a media file.
type level struct {
	stream  *smooth.StreamIndex
	q       *smooth.QualityLevel
	file    *mediaFile
	trackID uint32
}

func (p *presentation) Close() {
	for _, f := range p.files {
		f.Close()
	}
}

// loadPresentation opens name (an .ism under root), its media files, and its client
// manifest: the .ismc it names (or NAME.ismc beside it), or one built from the media
// files when there is none.
func loadPresentation(root *os.Root, name string) (*presentation, error) {
	b, st, err := readFile(root, name)
	if err != nil {
		return nil, err
	}
	sm, err := smooth.ParseServerManifest(bytes.NewReader(b), name)
	if err != nil {
		return nil, err
	}
	p := &presentation{name: name, modTime: st.ModTime(), levels: map[string][]*level{}}
	dir := path.Dir(name)
	opened := map[string]*mediaFile{}
	tracks := make([]*mediaFile, len(sm.Tracks))
	for i, t := range sm.Tracks {
		if t.Src == "" {
			p.Close()
			return nil, fmt.Errorf("%s: a <%s> without src", name, t.Kind)
		}
		src := path.Join(dir, t.Src)
		mf, ok := opened[src]
		if !ok {
			if mf, err = openMediaFile(root, src); err != nil {
				p.Close()
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			opened[src] = mf
			p.files = append(p.files, mf)
			if mf.modTime.After(p.modTime) {
				p.modTime = mf.modTime
			}
		}
		tracks[i] = mf
	}
	cmName := sm.ClientManifestPath()
	if cmName == "" {
		cmName = strings.TrimSuffix(path.Base(name), path.Ext(name)) + ".ismc"
	}
	cmPath := path.Join(dir, cmName)
	if cb, cst, err := readFile(root, cmPath); err == nil {
		if p.manifest, err = smooth.ParseManifestBytes(cb, cmPath); err != nil {
			p.Close()
			return nil, err
		}
		p.xml = cb
		if cst.ModTime().After(p.modTime) {
			p.modTime = cst.ModTime()
		}
	} else if os.IsNotExist(err) {
		p.manifest, err = buildManifest(sm, tracks)
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("%s: building the client manifest: %v", name, err)
		}
		p.xml = p.manifest.Marshal()
	} else {
		p.Close()
		return nil, err
	}
	sum := sha256.Sum256(p.xml)
	p.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	if err := p.mapLevels(sm, tracks); err != nil {
		p.Close()
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return p, nil
}

func readFile(root *os.Root, name string) ([]byte, os.FileInfo, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, smooth.MaxManifestSize+1))
	if err != nil {
		return nil, nil, err
	}
	if len(b) > smooth.MaxManifestSize {
		return nil, nil, fmt.Errorf("%s: larger than %d MiB", name, smooth.MaxManifestSize>>20)
	}
	return b, st, nil
}

// mapLevels ties each QualityLevel of the client manifest to a media file track: the
// server manifest entry of the same kind and bitrate (and trackName, when given).
func (p *presentation) mapLevels(sm *smooth.ServerManifest, tracks []*mediaFile) error {
	for _, s := range p.manifest.Streams {
		for _, q := range s.Levels {
			var found *level
			for i, t := range sm.Tracks {
				if t.Kind != s.Type || t.SystemBitrate != q.Bitrate {
					continue
				}
				if name, ok := t.Param("trackName"); ok && !strings.EqualFold(name, s.Name) {
					continue
				}
				id := uint32(t.TrackID())
				if id == 0 {
					ft, ok := tracks[i].track(0)
					if !ok {
						continue
					}
					id = ft.ID
				}
				found = &level{stream: s, q: q, file: tracks[i], trackID: id}
				break
			}
			if found == nil {
				if s.Type == media.KindText {
					continue // sparse/text streams without media are listed, not served
				}
				return fmt.Errorf("%s level %s (bitrate %d) has no media file in the server manifest", s.Name, strconv.Itoa(q.Index), q.Bitrate)
			}
			key := strings.ToLower(s.Name)
			p.levels[key] = append(p.levels[key], found)
		}
	}
	return nil
}

// find returns the level of stream name with the bitrate and custom attributes.
func (p *presentation) find(stream string, bitrate uint64, attrs []smooth.Attribute) (*level, error) {
	ls, ok := p.levels[strings.ToLower(stream)]
	if !ok {
		return nil, fmt.Errorf("no stream %q in %s", stream, p.name)
	}
	var other []smooth.Attribute
	atBitrate := false
	for _, l := range ls {
		if l.q.Bitrate != bitrate {
			continue
		}
		if len(attrs) > 0 && !sameAttrs(attrs, l.q.CustomAttributes) {
			atBitrate, other = true, l.q.CustomAttributes
			continue
		}
		return l, nil
	}
	if atBitrate {
		has := "no custom attributes"
		if len(other) > 0 {
			has = "custom attributes " + attrList(other)
		}
		return nil, fmt.Errorf("bitrate %d of stream %q of %s has %s, not %s", bitrate, stream, p.name, has, attrList(attrs))
	}
	return nil, fmt.Errorf("no bitrate %d in stream %q of %s", bitrate, stream, p.name)
}

// attrList writes attributes as a QualityLevels URL names them: k=v,k=v.
func attrList(as []smooth.Attribute) string {
	kv := make([]string, len(as))
	for i, a := range as {
		kv[i] = a.Name + "=" + a.Value
	}
	return strings.Join(kv, ",")
}

func sameAttrs(a, b []smooth.Attribute) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i].Name, b[i].Name) || a[i].Value != b[i].Value {
			return false
		}
	}
	return true
}

// fragment finds the fragment of level l that starts at t. The media file's own times
// come first; a time that only the manifest knows (a manifest made by another tool
// whose times differ from the file's) maps through its position in the timeline.
func (l *level) fragment(t uint64) (fragRef, error) {
	if ref, ok := nearStart(t, l.fragmentAt); ok {
		return ref, nil
	}
	return fragRef{}, fmt.Errorf("no fragment at t=%d in stream %q bitrate %d", t, l.stream.Name, l.q.Bitrate)
}

// fragmentAt finds the fragment starting exactly at t: in the file's index, else by
// its place in the manifest's timeline.
func (l *level) fragmentAt(t uint64) (fragRef, bool) {
	if ref, _, ok := l.file.fragment(l.trackID, t); ok {
		return ref, true
	}
	if f, ok := l.stream.Timeline.IndexOfStart(t); ok {
		refs := l.file.frags[l.trackID]
		if i := f.Index - l.stream.Timeline.Base; i < uint64(len(refs)) {
			return refs[i], true
		}
	}
	return fragRef{}, false
}
