package smooth

import (
	"bytes"
	"fmt"

	"github.com/Eyevinn/mp4ff/mp4"
)

// Marshal writes the fragment as a Smooth Streaming fragment response: a moof with
// mfhd, a traf (tfhd for trackID, one trun with every sample's duration, size, flags
// and composition offset, a tfxd with Time and Duration, and a tfrf with Lookahead
// when there is any), then an mdat with the samples' data. It is what ParseFragment
// reads; encryption boxes are not written.
func (f *MediaFragment) Marshal(trackID uint32) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Write(&buf, trackID); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write is Marshal to a buffer.
func (f *MediaFragment) Write(w *bytes.Buffer, trackID uint32) error {
	frag := mp4.NewFragment()
	moof := &mp4.MoofBox{}
	frag.AddChild(moof)
	if err := moof.AddChild(mp4.CreateMfhd(f.Sequence)); err != nil {
		return err
	}
	traf := &mp4.TrafBox{}
	if err := moof.AddChild(traf); err != nil {
		return err
	}
	if err := traf.AddChild(mp4.CreateTfhd(trackID)); err != nil {
		return err
	}
	trun := mp4.CreateTrun(0)
	var size int
	for i := range f.Samples {
		s := &f.Samples[i]
		flags := mp4.NonSyncSampleFlags | mp4.SampleDependsOn1
		if s.Keyframe {
			flags = mp4.SyncSampleFlags
		}
		trun.AddSample(mp4.Sample{Flags: flags, Dur: s.Duration, Size: uint32(len(s.Data)), CompositionTimeOffset: s.CompositionOffset})
		size += len(s.Data)
	}
	if err := traf.AddChild(trun); err != nil {
		return err
	}
	// Version 1 (64-bit times) always: mp4ff's constructors default to version 0,
	// which truncates real times (live t values pass 2^32 within minutes).
	tfxd := mp4.NewTfxdBox(f.Time, f.Duration)
	tfxd.Tfxd.Version = 1
	if err := traf.AddChild(tfxd); err != nil {
		return err
	}
	if n := len(f.Lookahead); n > 0 {
		if n > 255 {
			return fmt.Errorf("tfrf holds at most 255 entries, not %d", n)
		}
		times := make([]uint64, n)
		durs := make([]uint64, n)
		for i, la := range f.Lookahead {
			times[i], durs[i] = la.Start, la.Duration
		}
		tfrf := mp4.NewTfrfBox(byte(n), times, durs)
		tfrf.Tfrf.Version = 1
		if err := traf.AddChild(tfrf); err != nil {
			return err
		}
	}
	data := make([]byte, 0, size)
	for i := range f.Samples {
		data = append(data, f.Samples[i].Data...)
	}
	frag.AddChild(&mp4.MdatBox{Data: data})
	frag.SetTrunDataOffsets()
	return frag.Encode(w)
}
