package pack

import (
	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/media"
)

// Sample flags (ISO/IEC 14496-12 §8.8.3.1): a sync sample depends on nothing; any
// other sample depends on others and is not a sync sample.
const (
	syncFlags    = mp4.SyncSampleFlags
	nonSyncFlags = mp4.NonSyncSampleFlags | mp4.SampleDependsOn1
)

// buildFragment makes the moof + mdat of one Smooth Streaming fragment: mfhd, a traf
// with tfhd, trun (per-sample duration, size and flags) and the tfxd uuid box that
// gives the fragment's absolute time and duration. samples must not be empty.
func buildFragment(seq uint32, samples []media.Sample) (*mp4.MoofBox, *mp4.MdatBox, fragmentInfo) {
	first, last := samples[0], samples[len(samples)-1]
	dur := last.Time + uint64(last.Duration) - first.Time

	trun := mp4.CreateTrun(0)
	trun.Version = 0
	trun.Flags = 0x701 // data offset, sample duration, size and flags
	mdat := &mp4.MdatBox{}
	for _, s := range samples {
		flags := nonSyncFlags
		if s.Keyframe {
			flags = syncFlags
		}
		trun.AddSample(mp4.Sample{Flags: flags, Dur: s.Duration, Size: uint32(len(s.Data))})
		mdat.AddSampleData(s.Data)
	}
	traf := &mp4.TrafBox{}
	_ = traf.AddChild(mp4.CreateTfhd(trackID))
	_ = traf.AddChild(trun)
	// Version 1: 64-bit times (mp4ff's constructor defaults to version 0, which
	// truncates times past 2^32 ticks, 7 minutes at 10 MHz).
	tfxd := mp4.NewTfxdBox(first.Time, dur)
	tfxd.Tfxd.Version = 1
	_ = traf.AddChild(tfxd)
	moof := &mp4.MoofBox{}
	_ = moof.AddChild(mp4.CreateMfhd(seq))
	_ = moof.AddChild(traf)
	trun.DataOffset = int32(moof.Size() + mdat.HeaderSize())
	return moof, mdat, fragmentInfo{
		Time: first.Time, Duration: dur, Size: moof.Size() + mdat.Size(),
		Samples: len(samples), KeyStart: first.Keyframe,
	}
}
