package drm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/Eyevinn/mp4ff/mp4"
)

// DecryptFile decrypts a protected fragmented MP4 held in memory (DecryptStream).
func DecryptFile(init, in []byte, keys Keys, w io.Writer) error {
	return DecryptStream(init, bytes.NewReader(in), keys, w)
}

// DecryptStream decrypts a protected fragmented MP4 (an .ismv/.isma, or init +
// segment) read from r, a fragment at a time, with keys chosen by each track's KID,
// and writes it clear: sample entries back to their codec, sinf, pssh and the
// encryption boxes gone, offsets moved to match. With init non-nil, r is a segment
// (or one fragment) of the presentation init describes, and only the segment is
// written.
func DecryptStream(init []byte, r io.Reader, keys Keys, w io.Writer) (err error) {
	defer recoverMalformed(&err)
	bs := newBoxStream(r)
	head := init
	if head == nil {
		if head, err = bs.readHead(); err != nil {
			if errors.Is(err, errNoMoov) {
				return fmt.Errorf("no moov: give the init segment with --init")
			}
			return fmt.Errorf("read: %w", err)
		}
	}
	f, err := decodeHead(head)
	if err != nil {
		return err
	}
	if f.Init == nil || f.Moov == nil {
		return fmt.Errorf("no moov: give the init segment with --init")
	}
	tracks, err := fileDecrypters(f.Moov, keys)
	if err != nil {
		return err
	}
	moov := f.Moov // its trex, which DecryptInit leaves
	if _, err := mp4.DecryptInit(f.Init); err != nil {
		return fmt.Errorf("moov: %w", err)
	}
	out := newOffsetWriter(w)
	if init == nil {
		if err := f.Init.Encode(out); err != nil {
			return fmt.Errorf("write moov: %w", err)
		}
	}
	err = streamFragments(bs, out, fragmentStream{head: head, maskPIFF: true, writeMfra: init == nil, do: func(frag *mp4.Fragment, raw []byte) error {
		return decryptFragment(frag, raw, tracks, moov)
	}})
	if err != nil {
		return err
	}
	return out.flush()
}

// checkTopLevel checks, before the MP4 decoder reads b, what it would allocate from
// the input's word: every top-level box's size against the bytes there, and every
// sample encryption count (mp4ff allocates a senc's entries by its count: 18 GB for
// a 530-byte input, found by FuzzDecryptFile).
func checkTopLevel(b []byte) error {
	top, err := childBoxes(b)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	for _, c := range top {
		if c.Type == "mdat" {
			continue // read as bytes, never as boxes
		}
		if err := checkSencCounts(b[c.Offset:c.Offset+8+len(c.Payload)], c.Offset, len(b)); err != nil {
			return err
		}
	}
	return nil
}

// checkSencCounts refuses a senc or PIFF sample encryption box claiming more samples
// than the input could hold (beyond maxBarrenSamples, which take no bytes). It looks
// at every place the box type or uuid appears, not only where a box walk finds one:
// mp4ff's walk can differ from ours on a damaged file (a child it reads shorter than
// its header says), and it must not find a count we did not see.
func checkSencCounts(b []byte, base, fileSize int) error {
	check := func(at, countAt int) error {
		if countAt+4 > len(b) {
			return nil
		}
		if n := int64(binary.BigEndian.Uint32(b[countAt:])); n > maxBarrenSamples && n > int64(len(b)) {
			return fmt.Errorf("read: sample encryption box at byte %d: %d samples in a %d-byte file", base+at, n, fileSize)
		}
		return nil
	}
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("senc"))
		if i < 0 {
			break
		}
		at := off + i
		if err := check(at-4, at+8); err != nil { // type, version and flags, count
			return err
		}
		off = at + 1
	}
	for off := 0; ; {
		i := bytes.Index(b[off:], UUIDPIFFSampleEncryption[:])
		if i < 0 {
			break
		}
		at := off + i
		countAt := at + 16 + 4 // uuid, version and flags, count
		if at+20 <= len(b) && b[at+19]&sencOverride != 0 {
			countAt += 20 // after a PIFF override
		}
		if err := check(at-8, countAt); err != nil {
			return err
		}
		off = at + 1
	}
	return nil
}

// recoverMalformed turns a panic of the MP4 decoder (fuzzed, but the input is anyone's
// file) into an error, and keeps any error on one printable line (box types and
// schemes are read from the input).
func recoverMalformed(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("malformed file: %v", r)
	}
	if *err != nil {
		if s := (*err).Error(); printable(s) != s {
			*err = errors.New(printable(s))
		}
	}
}

// printable is s with control characters (a box type read from the input) as '?'.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// trackDecrypter is a protected track's decrypter and what its fragments need.
type trackDecrypter struct {
	TrackProtection
	dec *Decrypter
}

func fileDecrypters(moov *mp4.MoovBox, keys Keys) (map[uint32]*trackDecrypter, error) {
	ps, err := Protections(moov)
	if err != nil {
		return nil, err
	}
	headers := playReadyHeaders(moov)
	out := map[uint32]*trackDecrypter{}
	for _, p := range ps {
		k, ok := keys.Find(p.Track.KID)
		if !ok {
			return nil, fmt.Errorf("track %d: no key for KID %s", p.TrackID, p.Track.KID)
		}
		for _, h := range headers {
			if err := h.CheckKey(k); err != nil {
				return nil, fmt.Errorf("track %d: %w", p.TrackID, err)
			}
		}
		d, err := NewDecrypter(p.Config, k)
		if err != nil {
			return nil, fmt.Errorf("track %d: %w", p.TrackID, err)
		}
		out[p.TrackID] = &trackDecrypter{TrackProtection: p, dec: d}
	}
	return out, nil
}

// decryptFragment decrypts each protected traf of frag in place (raw is the file the
// fragment was read from, where its senc is parsed), removes the encryption boxes and
// moves the data offsets back.
func decryptFragment(frag *mp4.Fragment, raw []byte, tracks map[uint32]*trackDecrypter, moov *mp4.MoovBox) error {
	moof := frag.Moof
	if moof.StartPos+moof.Size() > uint64(len(raw)) {
		return fmt.Errorf("moof past the end of the file")
	}
	trafs, err := rawTrafs(raw[moof.StartPos : moof.StartPos+moof.Size()])
	if err != nil {
		return err
	}
	if len(trafs) != len(moof.Trafs) {
		return fmt.Errorf("%d trafs read, %d decoded", len(trafs), len(moof.Trafs))
	}
	var removed uint64
	for i, traf := range moof.Trafs {
		td := tracks[traf.Tfhd.TrackID]
		if td == nil {
			continue
		}
		se, err := trafSampleEncryption(trafs[i], td.Track.IVSize)
		if err != nil {
			return fmt.Errorf("track %d: %w", traf.Tfhd.TrackID, err)
		}
		if len(moof.Trafs) != 1 {
			return fmt.Errorf("%d trafs in a moof: one is supported", len(moof.Trafs))
		}
		var trex *mp4.TrexBox
		if moov.Mvex != nil {
			trex, _ = moov.Mvex.GetTrex(traf.Tfhd.TrackID)
		}
		samples, err := frag.GetFullSamples(trex)
		if err != nil {
			return fmt.Errorf("track %d: samples: %w", traf.Tfhd.TrackID, err)
		}
		if err := decryptSamples(td.dec, samples, se); err != nil {
			return fmt.Errorf("track %d: %w", traf.Tfhd.TrackID, err)
		}
		removed += traf.RemoveEncryptionBoxes() + removeMaskedPIFF(traf)
	}
	_, psshRemoved := moof.RemovePsshs()
	removed += psshRemoved
	for _, traf := range moof.Trafs {
		for _, trun := range traf.Truns {
			if trun.HasDataOffset() {
				trun.DataOffset -= int32(removed)
			}
		}
	}
	return nil
}

// decryptSamples decrypts samples with the fragment's sample encryption (nil: a
// constant IV and whole samples, cbcs without senc).
func decryptSamples(d *Decrypter, samples []mp4.FullSample, se *SampleEncryption) error {
	if se != nil && len(se.Samples) != len(samples) {
		return fmt.Errorf("sample encryption has %d entries for %d samples", len(se.Samples), len(samples))
	}
	for i := range samples {
		var si SampleInfo
		if se != nil {
			si = se.Samples[i]
		}
		if err := d.DecryptSample(samples[i].Data, si); err != nil {
			return fmt.Errorf("sample %d: %w", i, err)
		}
	}
	return nil
}

// playReadyHeaders are the PlayReady headers of the moov's pssh boxes (a header that
// does not parse is left out: it only serves to check keys).
func playReadyHeaders(moov *mp4.MoovBox) []*PlayReadyHeader {
	var out []*PlayReadyHeader
	for _, p := range moov.Psshs {
		if p.SystemID.String() != PlayReadySystemID {
			continue
		}
		if h, err := ParsePlayReadyObject(p.Data); err == nil {
			out = append(out, h)
		}
	}
	return out
}
