package player

import (
	"fmt"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// protection decrypts a protected Smooth presentation's samples before they are
// buffered: AES-CTR ('cenc' and PIFF 1.1, what PlayReady Smooth Streaming uses), with
// the key for the KID of the manifest's PlayReady header (Config.Keys).
type protection struct {
	dec *drm.Decrypter
	// Desc is what the views show: "encrypted (cenc, KID …)".
	Desc string
	// missing, when dec is nil, says why encrypted samples cannot be decrypted (no
	// key was given): each encrypted fragment fails with it.
	missing error
}

// newProtection reads the manifest's ProtectionHeader: nil for a clear presentation
// (or one whose header names nothing we can use, when no keys are given: its
// fragments may be clear). With keys given, an error (one line naming the KID, never
// a key) when they cannot play it: no key for its KID, a wrong key (the header's
// checksum), a scheme Smooth fragments cannot carry. Without keys, a protection whose
// encrypted fragments fail with "give the key".
func newProtection(m *smooth.Manifest, keys drm.Keys) (*protection, error) {
	if len(m.Protection) == 0 {
		return nil, nil
	}
	p, err := readProtection(m, keys)
	if err != nil && len(keys) == 0 {
		return &protection{missing: err}, nil
	}
	return p, err
}

func readProtection(m *smooth.Manifest, keys drm.Keys) (*protection, error) {
	var h *drm.PlayReadyHeader
	for _, p := range m.Protection {
		if p.SystemID != smooth.PlayReadySystemID {
			continue
		}
		ph, err := drm.ParsePlayReadyObject(p.Data)
		if err != nil {
			return nil, fmt.Errorf("protected presentation: %v", err)
		}
		h = ph
		break
	}
	if h == nil || len(h.KIDs) == 0 {
		return nil, fmt.Errorf("protected presentation without a PlayReady header naming a KID (system %s): not supported", m.Protection[0].SystemID)
	}
	var kid drm.KeyID
	copy(kid[:], h.KIDs[0])
	switch h.Algorithm {
	case "", "AESCTR":
	case "AESCBC":
		return nil, fmt.Errorf("protected presentation (cbcs, KID %s): AES-CBC Smooth fragments carry no IV (the constant IV is in the file's moov): not supported in playback; smoothie decrypt reads the files", kid)
	default:
		return nil, fmt.Errorf("protected presentation (%s, KID %s): not supported", h.Algorithm, kid)
	}
	key, ok := keys.Find(kid)
	if !ok {
		return nil, fmt.Errorf("protected presentation (cenc, KID %s): give the key with --key KID:KEY or --key-file FILE", kid)
	}
	if err := h.CheckKey(key); err != nil {
		return nil, err
	}
	dec, err := drm.NewDecrypter(drm.DecrypterConfig{Scheme: drm.SchemeCENC}, key)
	if err != nil {
		return nil, err
	}
	return &protection{dec: dec, Desc: "encrypted (cenc, KID " + kid.String() + ")"}, nil
}

// decrypt decrypts in place every sample that carries its encryption.
func (p *protection) decrypt(samples []media.Sample) error {
	for i := range samples {
		s := &samples[i]
		if s.Encryption == nil || s.Data == nil {
			continue
		}
		if p.dec == nil {
			return p.missing
		}
		si := drm.SampleInfo{IV: s.Encryption.IV}
		for _, ss := range s.Encryption.Subsamples {
			si.Subsamples = append(si.Subsamples, drm.Subsample{Clear: ss.Clear, Protected: ss.Protected})
		}
		if err := p.dec.DecryptSample(s.Data, si); err != nil {
			return fmt.Errorf("sample %d: %w", i, err)
		}
		s.Encryption = nil
	}
	return nil
}
