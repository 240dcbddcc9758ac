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
// buffered: AES-CTR ('cenc' and PIFF 1.1, what PlayReady Smooth Streaming uses), with
// the key for the KID of the manifest's PlayReady header: from Config.Keys, else
// asked of the header's LA_URL as a W3C ClearKey licence when the first encrypted
// sample arrives.
type protection struct {
	// Desc is what the views show: "encrypted (cenc, KID …)".
	Desc string

	once    sync.Once
	resolve func() (*drm.Decrypter, error) // the key, once: from the licence server
	dec     *drm.Decrypter
	err     error // why encrypted samples cannot be decrypted
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
	h, kid, err := readProtection(m)
	if err == nil && len(keys) == 0 && h.LAURL != "" && license != nil {
		p := &protection{Desc: describe(kid)}
		p.resolve = func() (*drm.Decrypter, error) {
			k, err := license(h.LAURL, kid)
			if err != nil {
				return nil, err
			}
			return decrypterFor(h, k)
		}
		return p, nil
	}
	if err == nil {
		key, ok := keys.Find(kid)
		if !ok {
			err = fmt.Errorf("protected presentation (cenc, KID %s): give the key with --key KID:KEY or --key-file FILE", kid)
		} else {
			var dec *drm.Decrypter
			if dec, err = decrypterFor(h, key); err == nil {
				return &protection{Desc: describe(kid), dec: dec}, nil
			}
		}
	}
	if len(keys) == 0 {
		return &protection{err: err}, nil
	}
	return nil, err
}

func describe(kid drm.KeyID) string { return "encrypted (cenc, KID " + kid.String() + ")" }

// readProtection finds the PlayReady header and its first KID, refusing what
// playback cannot decrypt.
func readProtection(m *smooth.Manifest) (*drm.PlayReadyHeader, drm.KeyID, error) {
	var kid drm.KeyID
	var h *drm.PlayReadyHeader
	for _, p := range m.Protection {
		if p.SystemID != smooth.PlayReadySystemID {
			continue
		}
		ph, err := drm.ParsePlayReadyObject(p.Data)
		if err != nil {
			return nil, kid, fmt.Errorf("protected presentation: %v", err)
		}
		h = ph
		break
	}
	if h == nil || len(h.KIDs) == 0 {
		return nil, kid, fmt.Errorf("protected presentation without a PlayReady header naming a KID (system %s): not supported", m.Protection[0].SystemID)
	}
	copy(kid[:], h.KIDs[0])
	if len(h.KIDs) > 1 {
		return nil, kid, fmt.Errorf("protected presentation with %d KIDs (%s): Smooth fragments do not say which track uses which key: not supported in playback; smoothie decrypt reads the files", len(h.KIDs), strings.Join(h.KIDHex(), ", "))
	}
	switch h.Algorithm {
	case "", "AESCTR":
		return h, kid, nil
	case "AESCBC":
		return nil, kid, fmt.Errorf("protected presentation (cbcs, KID %s): AES-CBC Smooth fragments carry no IV (the constant IV is in the file's moov): not supported in playback; smoothie decrypt reads the files", kid)
	}
	return nil, kid, fmt.Errorf("protected presentation (%s, KID %s): not supported", h.Algorithm, kid)
}

// decrypterFor checks key against the header's checksum and makes its decrypter.
func decrypterFor(h *drm.PlayReadyHeader, key drm.Key) (*drm.Decrypter, error) {
	if err := h.CheckKey(key); err != nil {
		return nil, err
	}
	return drm.NewDecrypter(drm.DecrypterConfig{Scheme: drm.SchemeCENC}, key)
}

// decrypter is the decrypter, asking the licence server the first time.
func (p *protection) decrypter() (*drm.Decrypter, error) {
	p.once.Do(func() {
		if p.dec == nil && p.err == nil && p.resolve != nil {
			p.dec, p.err = p.resolve()
		}
	})
	return p.dec, p.err
}

// decrypt decrypts in place every sample that carries its encryption.
func (p *protection) decrypt(samples []media.Sample) error {
	for i := range samples {
		s := &samples[i]
		if s.Encryption == nil || s.Data == nil {
			continue
		}
		dec, err := p.decrypter()
		if err != nil {
			return err
		}
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
