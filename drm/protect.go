package drm

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"

	"github.com/Eyevinn/mp4ff/mp4"
)

// ProtectOptions says how ProtectFile encrypts.
type ProtectOptions struct {
	Key Key
	// Scheme is SchemeCENC (default) or SchemeCBCS.
	Scheme string
	// LAURL is the licence acquisition URL written into the PlayReady header.
	LAURL string
	// IV is the first IV (cenc: 8 bytes, counted up per sample) or the constant IV
	// (cbcs: 16 bytes); empty draws a random one.
	IV []byte
	// NameKID writes the PIFF override (flag 0x1: AlgorithmID, IV size and the KID)
	// into each fragment's PIFF SampleEncryptionBox: a Smooth client has no moov, so
	// in a presentation with a key per track only the fragment can say which key is
	// its. The 'senc' beside it (which has no such field) comes first, and FFmpeg,
	// which reads the first, is unaffected.
	NameKID bool
}

// ProtectFile encrypts a fragmented MP4 held in memory (ProtectStream).
func ProtectFile(in []byte, w io.Writer, o ProtectOptions) error {
	return ProtectStream(bytes.NewReader(in), w, o)
}

// ProtectStream encrypts a fragmented MP4 with one track (a Smooth Streaming .ismv or
// .isma) read from r, a fragment at a time: the moov gets sinf/schm/tenc with the PIFF
// TrackEncryptionBox and a PlayReady pssh, each fragment senc+saiz+saio and the PIFF
// SampleEncryptionBox, the mfra's offsets follow the grown moofs. H.264/HEVC samples
// keep their NAL headers clear, audio is encrypted whole. It holds the moov and one
// fragment, so a file of any length goes through in the memory of its largest box
// (at most MaxBoxSize).
func ProtectStream(r io.Reader, w io.Writer, o ProtectOptions) (err error) {
	defer recoverMalformed(&err)
	bs := newBoxStream(r)
	head, err := bs.readHead()
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	f, err := decodeHead(head)
	if err != nil {
		return err
	}
	if f.Init == nil || f.Moov == nil || !f.IsFragmented() {
		return fmt.Errorf("not a fragmented MP4 with a moov")
	}
	enc, constantIV, te, err := protectInit(f, o)
	if err != nil {
		return err
	}
	var named *TrackEncryption
	if o.NameKID {
		named = &te
		if constantIV != nil {
			named.IVSize = len(constantIV) // the PIFF box's IVs: the constant one, per sample
		}
	}
	out := newOffsetWriter(w)
	if err := f.Init.Encode(out); err != nil {
		return fmt.Errorf("write moov: %w", err)
	}
	err = streamFragments(bs, out, fragmentStream{head: head, writeMfra: true, do: func(frag *mp4.Fragment, _ []byte) error {
		return protectFragment(frag, enc, constantIV, named)
	}})
	if err != nil {
		return err
	}
	return out.flush()
}

// protectInit protects the moov and returns the fragments' encryptor, for cbcs the
// constant IV (nil for cenc), and the track encryption the PIFF box in the moov says.
func protectInit(f *mp4.File, o ProtectOptions) (enc *mp4.FragmentEncryptor, constantIV []byte, te TrackEncryption, err error) {
	scheme := o.Scheme
	if scheme == "" {
		scheme = SchemeCENC
	}
	iv := o.IV
	if len(iv) == 0 {
		iv = make([]byte, 8)
		if scheme == SchemeCBCS {
			iv = make([]byte, 16)
		}
		if _, err := rand.Read(iv); err != nil {
			return nil, nil, te, err
		}
	}
	pro, err := PlayReadyObject(o.Key, o.LAURL, scheme)
	if err != nil {
		return nil, nil, te, err
	}
	pssh := &mp4.PsshBox{SystemID: mp4.UUID(mustUUID(PlayReadySystemID)), Data: pro}
	ipd, err := mp4.InitProtect(f.Init, o.Key.value[:], iv, scheme, mp4.UUID(o.Key.ID[:]), []*mp4.PsshBox{pssh})
	if err != nil {
		return nil, nil, te, fmt.Errorf("protect moov: %w", err)
	}
	te = TrackEncryption{AlgorithmID: AlgorithmAESCTR, IVSize: int(ipd.Tenc.DefaultPerSampleIVSize), KID: o.Key.ID}
	if scheme == SchemeCBCS {
		te.AlgorithmID = AlgorithmAESCBC
		constantIV = iv
	}
	for _, c := range f.Init.Moov.Trak.Mdia.Minf.Stbl.Stsd.Children {
		if sinf := entrySinf(c); sinf != nil && sinf.Schi != nil {
			sinf.Schi.AddChild(&rawBox{typ: "uuid", data: PIFFTrackEncryptionBox(te)})
		}
	}
	enc, err = ipd.NewFragmentEncryptor(o.Key.value[:], iv)
	return enc, constantIV, te, err
}

// protectFragment encrypts a fragment through mp4ff (senc, saiz, saio), adds the PIFF
// SampleEncryptionBox with the same IVs and subsamples, and moves the trun's data
// offset by what the moof grew. With a constant IV (cbcs), the PIFF box gives that IV
// as every sample's (16 bytes): a Smooth Streaming client has no moov (the manifest
// stands in for it), so the fragment carries its IV itself, and the PlayReady header's
// AESCBC tells it the size (no PIFF override flag: mp4ff and FFmpeg do not read one).
// cbcs audio gets the box too, though mp4ff writes it no senc (whole samples), or a
// Smooth client would take its fragments for clear.
// With named, the PIFF box overrides the track encryption with it (NameKID).
func protectFragment(frag *mp4.Fragment, enc *mp4.FragmentEncryptor, constantIV []byte, named *TrackEncryption) error {
	before := frag.Moof.Size()
	if err := enc.EncryptFragment(frag); err != nil {
		return err
	}
	traf := frag.Moof.Traf
	var se *SampleEncryption
	switch {
	case traf.Senc != nil:
		se = &SampleEncryption{Samples: make([]SampleInfo, traf.Senc.SampleCount)}
		for i := range se.Samples {
			if i < len(traf.Senc.IVs) {
				se.Samples[i].IV = traf.Senc.IVs[i]
			}
			if i < len(traf.Senc.SubSamples) {
				for _, ss := range traf.Senc.SubSamples[i] {
					se.Samples[i].Subsamples = append(se.Samples[i].Subsamples, Subsample{Clear: ss.BytesOfClearData, Protected: ss.BytesOfProtectedData})
				}
			}
		}
	case constantIV != nil:
		n := 0
		for _, trun := range traf.Truns {
			n += int(trun.SampleCount())
		}
		se = &SampleEncryption{Samples: make([]SampleInfo, n)}
	}
	if se != nil {
		if constantIV != nil {
			for i := range se.Samples {
				se.Samples[i].IV = constantIV
			}
		}
		se.Override = named
		b, err := PIFFSampleEncryptionBox(se)
		if err != nil {
			return err
		}
		traf.Children = append(traf.Children, &rawBox{typ: "uuid", data: b})
	}
	grown := int64(frag.Moof.Size()) - int64(before)
	for _, trun := range traf.Truns {
		if trun.HasDataOffset() {
			trun.DataOffset += int32(grown)
		}
	}
	return nil
}

func mustUUID(s string) []byte {
	id, err := ParseKeyID(s)
	if err != nil {
		panic(err)
	}
	return id[:]
}
