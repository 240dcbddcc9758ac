package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/abr/sim"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// isPresentation tells a --video value naming a packed presentation (an .ism
// server manifest) from a built-in video's name.
func isPresentation(v string) bool { return strings.EqualFold(filepath.Ext(v), ".ism") }

// loadPresentationVideo reads a packed VOD presentation as the simulator's
// video: the ladder is the .ism's video tracks (systemBitrate, sorted; sizes
// from the media files), each chunk's size at each level is the byte size of
// that level's fragment (moof + mdat, what the origin sends), found through the
// media file's mfra/tfra index as the origin finds it, and the chunk duration
// is the index's mean fragment duration. Levels with fewer fragments cut the
// table to the shortest.
func loadPresentationVideo(path string) (*sim.Video, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sm, err := smooth.ParseServerManifest(bytes.NewReader(b), path)
	if err != nil {
		return nil, err
	}
	type level struct {
		lv    abr.Level
		sizes []int64
		dur   time.Duration
	}
	var levels []level
	files := map[string]*smooth.MediaFile{}
	for _, t := range sm.Tracks {
		if t.Kind != media.KindVideo {
			continue
		}
		src := filepath.Join(filepath.Dir(path), t.Src)
		mf, ok := files[src]
		if !ok {
			fb, err := os.ReadFile(src)
			if err != nil {
				return nil, fmt.Errorf("%s: <video systemBitrate=%d>: %v", path, t.SystemBitrate, err)
			}
			if mf, err = smooth.ParseMediaFile(fb); err != nil {
				return nil, fmt.Errorf("%s: %v", src, err)
			}
			files[src] = mf
		}
		sizes, dur, ft, err := fragmentSizes(mf, uint32(t.TrackID()))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", src, err)
		}
		levels = append(levels, level{lv: abr.Level{Bitrate: int(t.SystemBitrate), Width: ft.Width, Height: ft.Height, Codec: ft.FourCC},
			sizes: sizes, dur: dur})
	}
	if len(levels) == 0 {
		return nil, fmt.Errorf("%s: no video track", path)
	}
	slices.SortFunc(levels, func(a, b level) int { return a.lv.Bitrate - b.lv.Bitrate })
	v := &sim.Video{Chunk: levels[0].dur}
	n := len(levels[0].sizes)
	for _, l := range levels {
		v.Ladder = append(v.Ladder, l.lv)
		n = min(n, len(l.sizes))
	}
	if err := v.Ladder.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	for k := 0; k < n; k++ {
		row := make([]int64, len(levels))
		for q, l := range levels {
			row[q] = l.sizes[k]
		}
		v.Sizes = append(v.Sizes, row)
	}
	return v, nil
}

// fragmentSizes lists, in time order, the sizes of track id's fragments in mf
// (id 0: the file's only video track) and their mean duration, from the tfra index.
func fragmentSizes(mf *smooth.MediaFile, id uint32) ([]int64, time.Duration, smooth.FileTrack, error) {
	var ft smooth.FileTrack
	for _, t := range mf.Tracks {
		if (id == 0 && t.Kind == media.KindVideo) || (id != 0 && t.ID == id) {
			ft = t
			break
		}
	}
	if ft.Timescale == 0 {
		return nil, 0, ft, fmt.Errorf("no video track %d in the moov", id)
	}
	size := map[uint64]int64{}
	for _, f := range mf.Fragments {
		size[f.Offset] = int64(f.Size)
	}
	var times []uint64
	var sizes []int64
	for _, e := range mf.Index {
		if e.TrackID != ft.ID {
			continue
		}
		s, ok := size[e.MoofOffset]
		if !ok {
			return nil, 0, ft, fmt.Errorf("tfra of track %d: no moof at offset %d", ft.ID, e.MoofOffset)
		}
		times = append(times, e.Time)
		sizes = append(sizes, s)
	}
	if len(times) < 2 {
		return nil, 0, ft, fmt.Errorf("track %d: %d fragments in the mfra/tfra index, need 2 or more", ft.ID, len(times))
	}
	if !slices.IsSorted(times) {
		return nil, 0, ft, fmt.Errorf("track %d: the tfra times are not in order", ft.ID)
	}
	span := float64(times[len(times)-1]-times[0]) / float64(ft.Timescale)
	d := time.Duration(span / float64(len(times)-1) * float64(time.Second)).Round(time.Millisecond)
	if d <= 0 {
		return nil, 0, ft, fmt.Errorf("track %d: fragments of no duration", ft.ID)
	}
	return sizes, d, ft, nil
}
