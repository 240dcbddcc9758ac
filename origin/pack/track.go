package pack

import (
	"bufio"
	"fmt"
	"os"

	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/media"
)

// trackID is the track number inside every .ismv/.isma we write: one track per file.
const trackID = 1

// fragmentInfo is one written fragment: its time and duration on the track's
// timeline, where its moof starts in the file, and its size (moof + mdat).
type fragmentInfo struct {
	Time, Duration uint64
	Offset, Size   uint64
	Samples        int
	KeyStart       bool
}

// trackWriter writes one track as a Smooth Streaming file: ftyp + moov, then one
// moof (with tfxd) + mdat per fragment, then mfra/tfra/mfro.
type trackWriter struct {
	path      string
	f         *os.File
	w         *bufio.Writer
	offset    uint64
	seq       uint32
	pending   []media.Sample
	fragments []fragmentInfo
}

// newTrackWriter creates path and writes the header for tr.
func newTrackWriter(path string, tr encode.Track) (*trackWriter, error) {
	init, err := initSegment(tr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	t := &trackWriter{path: path, f: f, w: bufio.NewWriterSize(f, 1<<20)}
	for _, b := range []mp4.Box{mp4.NewFtyp("isml", 1, []string{"piff", "iso2", "isml"}), init.Moov} {
		if err := t.writeBox(b); err != nil {
			t.abort()
			return nil, err
		}
	}
	return t, nil
}

// initSegment builds the moov of a one-track file with tr's sample description.
func initSegment(tr encode.Track) (*mp4.InitSegment, error) {
	init := mp4.CreateEmptyInit()
	switch tr.Kind {
	case media.KindVideo:
		trak := init.AddEmptyTrack(encode.Timescale, "video", "und")
		p := tr.Params
		if tr.Codec == string(encode.CodecHEVC) {
			return init, trak.SetHEVCDescriptor("hev1", p.VPS, p.SPS, p.PPS, nil, true)
		}
		return init, trak.SetAVCDescriptor("avc1", p.SPS, p.PPS, true)
	case media.KindAudio:
		trak := init.AddEmptyTrack(encode.Timescale, "audio", "und")
		return init, setAudioDescriptor(trak, tr)
	}
	return nil, fmt.Errorf("track kind %v: not supported", tr.Kind)
}

func (t *trackWriter) writeBox(b mp4.Box) error {
	if err := b.Encode(t.w); err != nil {
		return fmt.Errorf("%s: write %s: %w", t.path, b.Type(), err)
	}
	t.offset += b.Size()
	return nil
}

// add queues a sample; fragmentStart closes the fragment in progress first.
func (t *trackWriter) add(s media.Sample, fragmentStart bool) error {
	if fragmentStart && len(t.pending) > 0 {
		if err := t.flush(); err != nil {
			return err
		}
	}
	if len(t.pending) == 0 && !fragmentStart {
		return fmt.Errorf("%s: sample at %d does not start a fragment", t.path, s.Time)
	}
	t.pending = append(t.pending, s)
	return nil
}

// flush writes the queued samples as one fragment.
func (t *trackWriter) flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	t.seq++
	moof, mdat, info := buildFragment(t.seq, t.pending)
	info.Offset = t.offset
	if err := t.writeBox(moof); err != nil {
		return err
	}
	if err := t.writeBox(mdat); err != nil {
		return err
	}
	t.fragments = append(t.fragments, info)
	t.pending = t.pending[:0]
	return nil
}

// finish writes the last fragment and the random-access index, and closes the file.
func (t *trackWriter) finish() error {
	if err := t.flush(); err != nil {
		t.abort()
		return err
	}
	if len(t.fragments) == 0 {
		t.abort()
		return fmt.Errorf("%s: no samples", t.path)
	}
	if err := t.writeBox(buildMfra(t.fragments)); err != nil {
		t.abort()
		return err
	}
	if err := t.w.Flush(); err != nil {
		t.abort()
		return fmt.Errorf("%s: %w", t.path, err)
	}
	err := t.f.Close()
	t.f = nil
	return err
}

// abort closes the file without completing it (the caller removes the directory).
func (t *trackWriter) abort() {
	if t.f != nil {
		_ = t.f.Close()
		t.f = nil
	}
}

// buildMfra is the random-access index: one tfra entry per fragment, pointing at its moof.
func buildMfra(frags []fragmentInfo) *mp4.MfraBox {
	tfra := &mp4.TfraBox{Version: 1, TrackID: trackID}
	for _, f := range frags {
		tfra.Entries = append(tfra.Entries, mp4.TfraEntry{Time: f.Time, MoofOffset: f.Offset, TrafNumber: 1, TrunNumber: 1, SampleNumber: 1})
	}
	mfra := &mp4.MfraBox{}
	_ = mfra.AddChild(tfra)
	mfro := &mp4.MfroBox{}
	_ = mfra.AddChild(mfro)
	mfro.ParentSize = uint32(mfra.Size())
	return mfra
}
