package pack

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

// readFragment is one fragment as read back from a written file.
type readFragment struct {
	Time, Duration uint64 // from tfxd
	Offset, Size   uint64 // moof start and moof+mdat size
	Samples        int
	FirstSync      bool
	FirstNALTypes  []byte // NAL unit types of the first sample (video)
	TrunDuration   uint64
	FillerBytes    uint64 // bytes in H.264 filler-data NAL units (type 12)
}

// readTrack parses a .ismv/.isma with mp4ff and checks its box structure: ftyp and
// moov first, then moof+mdat pairs each with a tfxd, then mfra whose tfra entries
// point at every moof with the tfxd time, and mfro whose size matches.
func readTrack(t *testing.T, path string) []readFragment {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := mp4.DecodeFile(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if f.Ftyp == nil || f.Moov == nil || len(f.Moov.Traks) != 1 || f.Mfra == nil || f.Mfra.Mfro == nil {
		t.Fatalf("%s: missing ftyp, moov with one trak, mfra or mfro", path)
	}
	if got := string(data[4:8]); got != "ftyp" {
		t.Fatalf("%s: first box %q", path, got)
	}
	var frags []readFragment
	for _, seg := range f.Segments {
		for _, fr := range seg.Fragments {
			rf := readFragment{Offset: fr.Moof.StartPos, Size: fr.Moof.Size() + fr.Mdat.Size()}
			traf := fr.Moof.Traf
			var tfxd *mp4.TfxdData
			for _, c := range traf.Children {
				if u, ok := c.(*mp4.UUIDBox); ok && u.Tfxd != nil {
					tfxd = u.Tfxd
				}
			}
			if tfxd == nil {
				t.Fatalf("%s: moof at %d has no tfxd", path, rf.Offset)
			}
			rf.Time, rf.Duration = tfxd.FragmentAbsoluteTime, tfxd.FragmentAbsoluteDuration
			samples := traf.Trun.GetSamples()
			rf.Samples = len(samples)
			for _, s := range samples {
				rf.TrunDuration += uint64(s.Dur)
			}
			rf.FirstSync = samples[0].IsSync()
			// First sample payload: the mdat starts with it (data offset = moof size + 8).
			if int64(traf.Trun.DataOffset) != int64(fr.Moof.Size()+fr.Mdat.HeaderSize()) {
				t.Fatalf("%s: trun data offset %d", path, traf.Trun.DataOffset)
			}
			payload := fr.Mdat.Data[:samples[0].Size]
			for len(payload) >= 5 {
				n := binary.BigEndian.Uint32(payload)
				rf.FirstNALTypes = append(rf.FirstNALTypes, payload[4]&0x1f)
				if uint64(n)+4 > uint64(len(payload)) {
					break
				}
				payload = payload[4+n:]
			}
			rf.FillerBytes = fillerBytes(fr.Mdat.Data, samples)
			frags = append(frags, rf)
		}
	}
	tfra := f.Mfra.Tfra
	if tfra == nil || len(tfra.Entries) != len(frags) {
		t.Fatalf("%s: tfra has %d entries for %d fragments", path, len(tfra.Entries), len(frags))
	}
	for i, e := range tfra.Entries {
		if e.MoofOffset != frags[i].Offset || e.Time != frags[i].Time {
			t.Fatalf("%s: tfra entry %d (t=%d, moof %d) does not match fragment (t=%d, moof %d)", path, i, e.Time, e.MoofOffset, frags[i].Time, frags[i].Offset)
		}
		if string(data[e.MoofOffset+4:e.MoofOffset+8]) != "moof" {
			t.Fatalf("%s: tfra entry %d points at %q", path, i, data[e.MoofOffset+4:e.MoofOffset+8])
		}
	}
	mfroSize := binary.BigEndian.Uint32(data[len(data)-4:])
	if string(data[len(data)-12:len(data)-8]) != "mfro" || uint64(mfroSize) != f.Mfra.Size() ||
		string(data[len(data)-int(mfroSize)+4:len(data)-int(mfroSize)+8]) != "mfra" {
		t.Fatalf("%s: mfro does not point at mfra", path)
	}
	return frags
}

func (r readFragment) String() string {
	return fmt.Sprintf("t=%d d=%d @%d size %d", r.Time, r.Duration, r.Offset, r.Size)
}

// fillerBytes counts the bytes of H.264 filler-data NAL units in the samples of an
// mdat (4-byte length prefixes); the CBR encoder pads with them.
func fillerBytes(mdat []byte, samples []mp4.Sample) uint64 {
	var n uint64
	pos := uint64(0)
	for _, s := range samples {
		end := min(pos+uint64(s.Size), uint64(len(mdat)))
		for p := pos; p+5 <= end; {
			l := uint64(binary.BigEndian.Uint32(mdat[p:]))
			if mdat[p+4]&0x1f == 12 {
				n += 4 + l
			}
			p += 4 + l
		}
		pos = end
	}
	return n
}
