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
	enc, piff, err := protectInit(f, o)
	if err != nil {
		return err
	}
	for si, seg := range f.Segments {
		for fi, frag := range seg.Fragments {
			if err := protectFragment(frag, enc, piff); err != nil {
				return fmt.Errorf("segment %d fragment %d: %w", si, fi, err)
			}
		}
	}
	return writeFragmented(f, w)
}

// fragmentPIFF is what a fragment's PIFF SampleEncryptionBox says beyond the senc:
// with a constant IV (cbcs), that IV as every sample's (16 bytes). A Smooth Streaming
// client has no moov (the manifest stands in for it), so a cbcs fragment carries its
// IV itself; the PlayReady header's AESCBC tells it the IV size. (No PIFF override
// flag: mp4ff and FFmpeg do not read one.)
type fragmentPIFF struct {
	constantIV []byte
}

func protectInit(f *mp4.File, o ProtectOptions) (*mp4.FragmentEncryptor, fragmentPIFF, error) {
	var piff fragmentPIFF
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
			return nil, piff, err
		}
	}
	pro, err := PlayReadyObject(o.Key, o.LAURL, scheme)
	if err != nil {
		return nil, piff, err
	}
	pssh := &mp4.PsshBox{SystemID: mp4.UUID(mustUUID(PlayReadySystemID)), Data: pro}
	ipd, err := mp4.InitProtect(f.Init, o.Key.value[:], iv, scheme, mp4.UUID(o.Key.ID[:]), []*mp4.PsshBox{pssh})
	if err != nil {
		return nil, piff, fmt.Errorf("protect moov: %w", err)
	}
	te := TrackEncryption{AlgorithmID: AlgorithmAESCTR, IVSize: int(ipd.Tenc.DefaultPerSampleIVSize), KID: o.Key.ID}
	if scheme == SchemeCBCS {
		te.AlgorithmID = AlgorithmAESCBC
		piff = fragmentPIFF{constantIV: iv}
	}
	for _, c := range f.Init.Moov.Trak.Mdia.Minf.Stbl.Stsd.Children {
		if sinf := entrySinf(c); sinf != nil && sinf.Schi != nil {
			sinf.Schi.AddChild(&rawBox{typ: "uuid", data: PIFFTrackEncryptionBox(te)})
		}
	}
	enc, err := ipd.NewFragmentEncryptor(o.Key.value[:], iv)
	return enc, piff, err
}

// protectFragment encrypts a fragment through mp4ff (senc, saiz, saio), adds the PIFF
// SampleEncryptionBox with the same IVs and subsamples (with a constant IV, that IV
// per sample), and moves the trun's data offset by what the moof grew.
func protectFragment(frag *mp4.Fragment, enc *mp4.FragmentEncryptor, piff fragmentPIFF) error {
	before := frag.Moof.Size()
	if err := enc.EncryptFragment(frag); err != nil {
		return err
	}
	traf := frag.Moof.Traf
	if traf.Senc == nil && piff.constantIV != nil {
		// cbcs audio: mp4ff writes no senc (a constant IV, whole samples); the
		// PIFF box still gives each sample its IV, or a Smooth client would take
		// the fragment for clear.
		n := 0
		for _, trun := range traf.Truns {
			n += int(trun.SampleCount())
		}
		se := &SampleEncryption{Samples: make([]SampleInfo, n)}
		for i := range se.Samples {
			se.Samples[i].IV = piff.constantIV
		}
		b, err := PIFFSampleEncryptionBox(se)
		if err != nil {
			return err
		}
		traf.Children = append(traf.Children, &rawBox{typ: "uuid", data: b})
	}
	if traf.Senc != nil {
		se := &SampleEncryption{Samples: make([]SampleInfo, traf.Senc.SampleCount)}
		for i := range se.Samples {
			if i < len(traf.Senc.IVs) {
				se.Samples[i].IV = traf.Senc.IVs[i]
			}
			if piff.constantIV != nil {
				se.Samples[i].IV = piff.constantIV
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
