package player

import (
	"fmt"
	"strings"
	"sync"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// protection decrypts a protected Smooth presentation's samples before they are
// buffered: AES-CTR ('cenc' and PIFF 1.1, what PlayReady Smooth Streaming uses) or
// AES-CBC ('cbcs', a PlayReady 4.3 header's AESCBC: each fragment's PIFF box carries
// 16-byte IVs, since a Smooth client has no moov for a constant one), with the key for
// the KID of the manifest's PlayReady header: from Config.Keys, else asked of the
// header's LA_URL as a W3C ClearKey licence when the first encrypted sample arrives.
type protection struct {
	// Desc is what the views show: "encrypted (cenc, KID …)".
	Desc string
	// ivSize is the fragments' per-sample IV size (0: smooth.DefaultIVSize; cbcs: 16).
	ivSize int

	once    sync.Once
	resolve func() (decrypters, error) // the key, once: from the licence server
	decs    decrypters
	err     error // why encrypted samples cannot be decrypted
}

// decrypters are a presentation's decrypters by track kind: 'cbcs' encrypts video in
// a 1:9 pattern of 16-byte blocks (PlayReady's and CMAF's) and audio whole.
type decrypters struct{ video, audio *drm.Decrypter }

func (d decrypters) of(k media.Kind) *drm.Decrypter {
	if k == media.KindVideo {
		return d.video
	}
	return d.audio
}

// licenseFunc asks laURL for kid's key (a ClearKey licence request).
type licenseFunc func(laURL string, kid drm.KeyID) (drm.Key, error)

// newProtection reads the manifest's ProtectionHeader: nil for a clear presentation.
// With keys given, an error (one line naming the KID, never a key) when they cannot
// play it: no key for its KID, a wrong key (the header's checksum), a scheme Smooth
// fragments cannot carry. Without keys it opens (manifests carry headers over clear
// fragments too): the first encrypted sample asks the LA_URL through license (nil:
// never), and every encrypted sample fails with the reason when that fails.
func newProtection(m *smooth.Manifest, keys drm.Keys, license licenseFunc) (*protection, error) {
	if len(m.Protection) == 0 {
		return nil, nil
	}
	h, kid, scheme, err := readProtection(m)
	p := &protection{Desc: "encrypted (" + scheme + ", KID " + kid.String() + ")"}
	if scheme == drm.SchemeCBCS {
		p.ivSize = 16
	}
	if err == nil && len(keys) == 0 && h.LAURL != "" && license != nil {
		p.resolve = func() (decrypters, error) {
			k, err := license(h.LAURL, kid)
			if err != nil {
				return decrypters{}, err
			}
			return decryptersFor(h, scheme, k)
		}
		return p, nil
	}
	if err == nil {
		key, ok := keys.Find(kid)
		if !ok {
			err = fmt.Errorf("protected presentation (%s, KID %s): give the key with --key KID:KEY or --key-file FILE", scheme, kid)
		} else if p.decs, err = decryptersFor(h, scheme, key); err == nil {
			return p, nil
		}
	}
	if len(keys) == 0 {
		return &protection{err: err}, nil
	}
	return nil, err
}

// readProtection finds the PlayReady header, its first KID and its scheme, refusing
// what playback cannot decrypt.
func readProtection(m *smooth.Manifest) (*drm.PlayReadyHeader, drm.KeyID, string, error) {
	var kid drm.KeyID
	var h *drm.PlayReadyHeader
	for _, p := range m.Protection {
		if p.SystemID != smooth.PlayReadySystemID {
			continue
		}
		ph, err := drm.ParsePlayReadyObject(p.Data)
		if err != nil {
			return nil, kid, drm.SchemeCENC, fmt.Errorf("protected presentation: %v", err)
		}
		h = ph
		break
	}
	if h == nil || len(h.KIDs) == 0 {
		return nil, kid, drm.SchemeCENC, fmt.Errorf("protected presentation without a PlayReady header naming a KID (system %s): not supported", m.Protection[0].SystemID)
	}
	copy(kid[:], h.KIDs[0])
	scheme := drm.SchemeCENC
	switch h.Algorithm {
	case "", "AESCTR":
	case "AESCBC":
		scheme = drm.SchemeCBCS
	default:
		return nil, kid, scheme, fmt.Errorf("protected presentation (%s, KID %s): not supported", h.Algorithm, kid)
	}
	if len(h.KIDs) > 1 {
		return nil, kid, scheme, fmt.Errorf("protected presentation with %d KIDs (%s): Smooth fragments do not say which track uses which key: not supported in playback; smoothie decrypt reads the files", len(h.KIDs), strings.Join(h.KIDHex(), ", "))
	}
	return h, kid, scheme, nil
}

// decryptersFor checks key against the header's checksum and makes the decrypters.
func decryptersFor(h *drm.PlayReadyHeader, scheme string, key drm.Key) (decrypters, error) {
	if err := h.CheckKey(key); err != nil {
		return decrypters{}, err
	}
	video := drm.DecrypterConfig{Scheme: scheme}
	audio := video
	if scheme == drm.SchemeCBCS {
		video.CryptByteBlock, video.SkipByteBlock = 1, 9
	}
	var d decrypters
	var err error
	if d.video, err = drm.NewDecrypter(video, key); err != nil {
		return decrypters{}, err
	}
	d.audio, err = drm.NewDecrypter(audio, key)
	return d, err
}

// decrypters are the decrypters, asking the licence server the first time.
func (p *protection) decrypters() (decrypters, error) {
	p.once.Do(func() {
		if p.decs.video == nil && p.err == nil && p.resolve != nil {
			p.decs, p.err = p.resolve()
		}
	})
	return p.decs, p.err
}

// decrypt decrypts in place every sample of a track of kind k that carries its
// encryption.
func (p *protection) decrypt(k media.Kind, samples []media.Sample) error {
	for i := range samples {
		s := &samples[i]
		if s.Encryption == nil || s.Data == nil {
			continue
		}
		decs, err := p.decrypters()
		if err != nil {
			return err
		}
		dec := decs.of(k)
		si := drm.SampleInfo{IV: s.Encryption.IV}
		for _, ss := range s.Encryption.Subsamples {
			si.Subsamples = append(si.Subsamples, drm.Subsample{Clear: ss.Clear, Protected: ss.Protected})
		}
		if err := dec.DecryptSample(s.Data, si); err != nil {
			return fmt.Errorf("sample %d: %w", i, err)
		}
		s.Encryption = nil
	}
	return nil
}
