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
// 16-byte IVs, since a Smooth client has no moov for a constant one), with the keys for
// the KIDs of the manifest's PlayReady header: from Config.Keys, else asked of the
// header's LA_URL as a W3C ClearKey licence when the first sample encrypted with that
// KID arrives. With one KID every encrypted fragment uses it; with several (a key per
// track) each fragment names its own in its PIFF box (the override), and one that
// does not is refused.
//
// A presentation whose manifest has no ProtectionHeader but whose fragments are
// encrypted (a 'senc' or PIFF box) is protected too, learned from its first encrypted
// fragment (fragmentProtection): AES-CTR (PIFF 1.1's and cenc's; nothing says cbcs
// without a header), the KID its PIFF box names, else the one key given.
type protection struct {
	scheme string
	// ivSize is the fragments' per-sample IV size (0: smooth.DefaultIVSize; cbcs: 16).
	ivSize int
	err    error // why no encrypted sample can be decrypted
	// given are the keys a protection learned from fragments finds KIDs' keys in
	// (nil for a header's, whose KIDs are all known at the start).
	given    drm.Keys
	learning bool

	mu   sync.Mutex
	kids []drm.KeyID // the header's, in its order (learned: as fragments name them)
	keys map[drm.KeyID]*keySlot
	used map[media.Kind]drm.KeyID // the KID each kind of track was last decrypted with
}

// fragmentProtection is the protection of a presentation whose manifest has no
// ProtectionHeader, made when its first encrypted fragment arrives: without keys,
// every encrypted sample fails saying so.
func fragmentProtection(keys drm.Keys) *protection {
	p := &protection{scheme: drm.SchemeCENC, given: keys, learning: true, keys: map[drm.KeyID]*keySlot{}, used: map[media.Kind]drm.KeyID{}}
	if len(keys) == 0 {
		p.err = fmt.Errorf("encrypted fragments, and the manifest has no ProtectionHeader to ask a licence server: give the key with --key KID:KEY or --key-file FILE")
	}
	return p
}

// keySlot is one KID's decrypters, resolved once (from the licence server).
type keySlot struct {
	once    sync.Once
	resolve func() (decrypters, error)
	decs    decrypters
	err     error
}

func (k *keySlot) get() (decrypters, error) {
	k.once.Do(func() {
		if k.decs.video == nil && k.err == nil && k.resolve != nil {
			k.decs, k.err = k.resolve()
		}
	})
	return k.decs, k.err
}

// decrypters are a key's decrypters by track kind: 'cbcs' encrypts video in a 1:9
// pattern of 16-byte blocks (PlayReady's and CMAF's) and audio whole.
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
// play it: no key for one of its KIDs, a wrong key (the header's checksum), a scheme
// Smooth fragments cannot carry. Without keys it opens (manifests carry headers over
// clear fragments too): the first sample encrypted with a KID asks the LA_URL through
// license (nil: never), and every encrypted sample fails with the reason when that
// fails.
func newProtection(m *smooth.Manifest, keys drm.Keys, license licenseFunc) (*protection, error) {
	if len(m.Protection) == 0 {
		return nil, nil
	}
	h, kids, scheme, err := readProtection(m)
	if err != nil {
		if len(keys) == 0 {
			return &protection{err: err}, nil
		}
		return nil, err
	}
	p := &protection{scheme: scheme, kids: kids, keys: map[drm.KeyID]*keySlot{}, used: map[media.Kind]drm.KeyID{}}
	if scheme == drm.SchemeCBCS {
		p.ivSize = 16
	}
	for _, kid := range kids {
		slot := &keySlot{}
		p.keys[kid] = slot
		switch key, ok := keys.Find(kid); {
		case len(keys) == 0 && h.LAURL != "" && license != nil:
			slot.resolve = func() (decrypters, error) {
				k, err := license(h.LAURL, kid)
				if err != nil {
					return decrypters{}, err
				}
				return decryptersFor(h, scheme, k)
			}
		case !ok:
			err := fmt.Errorf("protected presentation (%s, KID %s): give the key with --key KID:KEY or --key-file FILE", scheme, kid)
			if len(keys) > 0 {
				return nil, err
			}
			p.err = err
		default:
			if slot.decs, err = decryptersFor(h, scheme, key); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// readProtection finds the PlayReady header, its KIDs and its scheme, refusing what
// playback cannot decrypt.
func readProtection(m *smooth.Manifest) (*drm.PlayReadyHeader, []drm.KeyID, string, error) {
	var h *drm.PlayReadyHeader
	for _, p := range m.Protection {
		if p.SystemID != smooth.PlayReadySystemID {
			continue
		}
		ph, err := drm.ParsePlayReadyObject(p.Data)
		if err != nil {
			return nil, nil, drm.SchemeCENC, fmt.Errorf("protected presentation: %v", err)
		}
		h = ph
		break
	}
	if h == nil || len(h.KIDs) == 0 {
		return nil, nil, drm.SchemeCENC, fmt.Errorf("protected presentation without a PlayReady header naming a KID (system %s): not supported", m.Protection[0].SystemID)
	}
	kids := make([]drm.KeyID, len(h.KIDs))
	for i, id := range h.KIDs {
		copy(kids[i][:], id)
	}
	scheme := drm.SchemeCENC
	switch h.Algorithm {
	case "", "AESCTR":
	case "AESCBC":
		scheme = drm.SchemeCBCS
	default:
		return nil, kids, scheme, fmt.Errorf("protected presentation (%s, KID %s): not supported", h.Algorithm, kids[0])
	}
	return h, kids, scheme, nil
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

// desc is what the views show: "encrypted (cenc, KID …)"; with a key per track,
// "encrypted (cenc, video KID …, audio KID …)" once fragments have named theirs
// ("encrypted (cenc, KIDs …, …)" before).
func (p *protection) desc() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.kids) == 0 {
		if p.learning {
			return "encrypted (" + p.scheme + ")"
		}
		return ""
	}
	if len(p.kids) == 1 {
		return "encrypted (" + p.scheme + ", KID " + p.kids[0].String() + ")"
	}
	var named []string
	for _, k := range []media.Kind{media.KindVideo, media.KindAudio} {
		if kid, ok := p.used[k]; ok {
			named = append(named, k.String()+" KID "+kid.String())
		}
	}
	if len(named) == 0 {
		ids := make([]string, len(p.kids))
		for i, k := range p.kids {
			ids[i] = k.String()
		}
		named = []string{"KIDs " + strings.Join(ids, ", ")}
	}
	return "encrypted (" + p.scheme + ", " + strings.Join(named, ", ") + ")"
}

// kid is the KID (hex) a track of kind k is decrypted with: the only one, else the
// one its fragments named last ("" before any).
func (p *protection) kid(k media.Kind) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.kids) == 1 {
		return p.kids[0].String()
	}
	if id, ok := p.used[k]; ok {
		return id.String()
	}
	return ""
}

// slot is the key of a fragment whose PIFF box names kid (hex; "" when it names
// none).
func (p *protection) slot(kid string) (drm.KeyID, *keySlot, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.learning {
		return p.learn(kid)
	}
	if kid == "" {
		if len(p.kids) != 1 {
			return drm.KeyID{}, nil, fmt.Errorf("the fragment names no KID and the PlayReady header has %d: which key decrypts it is unknown", len(p.kids))
		}
		return p.kids[0], p.keys[p.kids[0]], nil
	}
	id, _ := drm.ParseKeyID(kid) // a KID that is not one finds no key below
	s := p.keys[id]
	if s == nil {
		return id, nil, fmt.Errorf("the fragment names KID %s, which the PlayReady header does not", kid)
	}
	return id, s, nil
}

// learn is slot for a protection learned from fragments: the KID a fragment names,
// else the one key given, its key found in the keys given; the caller holds p.mu.
func (p *protection) learn(kid string) (drm.KeyID, *keySlot, error) {
	var id drm.KeyID
	switch {
	case kid != "":
		var err error
		if id, err = drm.ParseKeyID(kid); err != nil {
			return id, nil, fmt.Errorf("the fragment names %v", err)
		}
	case len(p.given) == 1:
		id = p.given[0].ID
	default:
		return id, nil, fmt.Errorf("the fragment is encrypted and names no KID, and the manifest has no ProtectionHeader: which of the %d keys decrypts it is unknown", len(p.given))
	}
	if s := p.keys[id]; s != nil {
		return id, s, nil
	}
	k, ok := p.given.Find(id)
	if !ok {
		return id, nil, fmt.Errorf("encrypted fragments (KID %s), and the manifest has no ProtectionHeader: give the key with --key KID:KEY or --key-file FILE", id)
	}
	s := &keySlot{}
	var err error
	if s.decs, err = decryptersFor(&drm.PlayReadyHeader{}, p.scheme, k); err != nil {
		return id, nil, err
	}
	p.kids = append(p.kids, id)
	p.keys[id] = s
	return id, s, nil
}

// decrypt decrypts in place every sample of a fragment of a track of kind k that
// carries its encryption; kid is the KID the fragment names (smooth.MediaFragment's
// OverrideKID).
func (p *protection) decrypt(k media.Kind, kid string, samples []media.Sample) error {
	var dec *drm.Decrypter
	for i := range samples {
		s := &samples[i]
		if s.Encryption == nil || s.Data == nil {
			continue
		}
		if dec == nil {
			if p.err != nil {
				return p.err
			}
			id, slot, err := p.slot(kid)
			if err != nil {
				return err
			}
			decs, err := slot.get()
			if err != nil {
				return err
			}
			dec = decs.of(k)
			p.mu.Lock()
			p.used[k] = id
			p.mu.Unlock()
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
