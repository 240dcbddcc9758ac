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
}

// ProtectFile encrypts a fragmented MP4 with one track (a Smooth Streaming .ismv or
// .isma): the moov gets sinf/schm/tenc with the PIFF TrackEncryptionBox and a PlayReady
// pssh, each fragment senc+saiz+saio and the PIFF SampleEncryptionBox, the mfra's
// offsets follow the grown moofs. H.264/HEVC samples keep their NAL headers clear,
// audio is encrypted whole.
func ProtectFile(in []byte, w io.Writer, o ProtectOptions) (err error) {
	defer recoverMalformed(&err)
	if err := checkTopLevel(in); err != nil {
		return err
	}
	f, err := mp4.DecodeFile(bytes.NewReader(in))
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if f.Init == nil || f.Moov == nil || !f.IsFragmented() {
		return fmt.Errorf("not a fragmented MP4 with a moov")
	}
	enc, err := protectInit(f, o)
	if err != nil {
		return err
	}
	for si, seg := range f.Segments {
		for fi, frag := range seg.Fragments {
			if err := protectFragment(frag, enc); err != nil {
				return fmt.Errorf("segment %d fragment %d: %w", si, fi, err)
			}
		}
	}
	return writeFragmented(f, w)
}

func protectInit(f *mp4.File, o ProtectOptions) (*mp4.FragmentEncryptor, error) {
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
			return nil, err
		}
	}
	pro, err := PlayReadyObject(o.Key, o.LAURL, scheme)
	if err != nil {
		return nil, err
	}
	pssh := &mp4.PsshBox{SystemID: mp4.UUID(mustUUID(PlayReadySystemID)), Data: pro}
	ipd, err := mp4.InitProtect(f.Init, o.Key.value[:], iv, scheme, mp4.UUID(o.Key.ID[:]), []*mp4.PsshBox{pssh})
	if err != nil {
		return nil, fmt.Errorf("protect moov: %w", err)
	}
	te := TrackEncryption{AlgorithmID: AlgorithmAESCTR, IVSize: int(ipd.Tenc.DefaultPerSampleIVSize), KID: o.Key.ID}
	if scheme == SchemeCBCS {
		te.AlgorithmID = AlgorithmAESCBC
	}
	for _, c := range f.Init.Moov.Trak.Mdia.Minf.Stbl.Stsd.Children {
		if sinf := entrySinf(c); sinf != nil && sinf.Schi != nil {
			sinf.Schi.AddChild(&rawBox{typ: "uuid", data: PIFFTrackEncryptionBox(te)})
		}
	}
	return ipd.NewFragmentEncryptor(o.Key.value[:], iv)
}

// protectFragment encrypts a fragment through mp4ff (senc, saiz, saio), adds the PIFF
// SampleEncryptionBox with the same IVs and subsamples, and moves the trun's data
// offset by what the moof grew.
func protectFragment(frag *mp4.Fragment, enc *mp4.FragmentEncryptor) error {
	before := frag.Moof.Size()
	if err := enc.EncryptFragment(frag); err != nil {
		return err
	}
	traf := frag.Moof.Traf
	if traf.Senc != nil {
		se := &SampleEncryption{Samples: make([]SampleInfo, traf.Senc.SampleCount)}
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
