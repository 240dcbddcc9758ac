package scte35

import "fmt"

// Descriptor tags (splice_descriptor_tag).
const (
	AvailTag        = 0x00
	DTMFTag         = 0x01
	SegmentationTag = 0x02
	TimeTag         = 0x03
	AudioTag        = 0x04
)

// CUEI is the identifier ("CUEI") of the descriptors SCTE 35 defines.
const CUEI = 0x43554549

// Descriptor is one splice descriptor. For identifier CUEI and a known tag one of
// the typed fields is set; otherwise Raw holds the bytes after the identifier.
type Descriptor struct {
	Tag        uint8
	Identifier uint32

	Avail        *AvailDescriptor        `json:",omitempty"`
	DTMF         *DTMFDescriptor         `json:",omitempty"`
	Segmentation *SegmentationDescriptor `json:",omitempty"`
	Time         *TimeDescriptor         `json:",omitempty"`
	Raw          []byte                  `json:",omitempty"`
}

// AvailDescriptor is an avail_descriptor().
type AvailDescriptor struct {
	ProviderAvailID uint32
}

// DTMFDescriptor is a DTMF_descriptor(): Preroll in tenths of a second.
type DTMFDescriptor struct {
	Preroll uint8
	Chars   string
}

// TimeDescriptor is a time_descriptor(): TAI time and the UTC offset in seconds.
type TimeDescriptor struct {
	TAISeconds     uint64
	TAINanoseconds uint32
	UTCOffset      uint16
}

// Restrictions are a segmentation descriptor's delivery restrictions.
type Restrictions struct {
	WebDeliveryAllowed bool
	NoRegionalBlackout bool
	ArchiveAllowed     bool
	DeviceRestrictions uint8
}

// SegmentComponent is one component of a component segmentation.
type SegmentComponent struct {
	Tag       uint8
	PTSOffset uint64
}

// SegmentationDescriptor is a segmentation_descriptor().
type SegmentationDescriptor struct {
	EventID             uint32
	Cancel              bool
	EventIDCompliance   bool
	ProgramSegmentation bool
	// Restrictions is nil when delivery_not_restricted_flag is set.
	Restrictions *Restrictions      `json:",omitempty"`
	Components   []SegmentComponent `json:",omitempty"`
	// Duration is in 90 kHz ticks; nil when segmentation_duration_flag is 0.
	Duration         *uint64 `json:",omitempty"`
	UPIDType         uint8
	UPID             []byte `json:",omitempty"`
	TypeID           uint8
	SegmentNum       uint8
	SegmentsExpected uint8
	// SubSegmentNum and SubSegmentsExpected are present only for the placement
	// opportunity and ad block types that define them, when the descriptor has them.
	SubSegmentNum       *uint8 `json:",omitempty"`
	SubSegmentsExpected *uint8 `json:",omitempty"`
}

// TypeName is the name of the segmentation type, e.g. "Provider Placement
// Opportunity Start".
func (d *SegmentationDescriptor) TypeName() string { return SegmentationTypeName(d.TypeID) }

func decodeDescriptors(b []byte) ([]Descriptor, error) {
	var out []Descriptor
	for i := 0; len(b) > 0; i++ {
		if len(b) < 2 {
			return nil, fmt.Errorf("descriptor %d: 1 byte left, needs tag and length", i)
		}
		tag, n := b[0], int(b[1])
		if 2+n > len(b) {
			return nil, fmt.Errorf("descriptor %d (tag 0x%02X): length %d, only %d bytes left", i, tag, n, len(b)-2)
		}
		body := b[2 : 2+n]
		b = b[2+n:]
		if n < 4 {
			return nil, fmt.Errorf("descriptor %d (tag 0x%02X): length %d, too short for an identifier", i, tag, n)
		}
		d := Descriptor{Tag: tag, Identifier: uint32(body[0])<<24 | uint32(body[1])<<16 | uint32(body[2])<<8 | uint32(body[3])}
		r := &bitReader{b: body[4:], what: fmt.Sprintf("descriptor %d (%s)", i, descriptorName(tag))}
		if d.Identifier != CUEI {
			d.Raw = r.bytes(r.left())
			out = append(out, d)
			continue
		}
		switch tag {
		case AvailTag:
			d.Avail = &AvailDescriptor{ProviderAvailID: r.u32()}
		case DTMFTag:
			dt := &DTMFDescriptor{Preroll: r.u8()}
			count := int(r.bits(3))
			r.bits(5)
			dt.Chars = string(r.bytes(count))
			d.DTMF = dt
		case SegmentationTag:
			d.Segmentation = decodeSegmentation(r)
		case TimeTag:
			d.Time = &TimeDescriptor{TAISeconds: r.bits(48), TAINanoseconds: r.u32(), UTCOffset: r.u16()}
		default:
			d.Raw = r.bytes(r.left())
		}
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, d)
	}
	return out, nil
}

// hasSubSegments lists the segmentation types with sub_segment_num.
func hasSubSegments(t uint8) bool {
	switch t {
	case 0x30, 0x32, 0x34, 0x36, 0x38, 0x3A, 0x44, 0x46:
		return true
	}
	return false
}

func decodeSegmentation(r *bitReader) *SegmentationDescriptor {
	d := &SegmentationDescriptor{EventID: r.u32(), Cancel: r.flag(), EventIDCompliance: r.flag()}
	r.bits(6)
	if d.Cancel {
		return d
	}
	d.ProgramSegmentation = r.flag()
	hasDuration := r.flag()
	notRestricted := r.flag()
	if notRestricted {
		r.bits(5)
	} else {
		d.Restrictions = &Restrictions{
			WebDeliveryAllowed: r.flag(),
			NoRegionalBlackout: r.flag(),
			ArchiveAllowed:     r.flag(),
			DeviceRestrictions: uint8(r.bits(2)),
		}
	}
	if !d.ProgramSegmentation {
		n := int(r.u8())
		for i := 0; i < n && r.err == nil; i++ {
			c := SegmentComponent{Tag: r.u8()}
			r.bits(7)
			c.PTSOffset = r.bits(33)
			d.Components = append(d.Components, c)
		}
	}
	if hasDuration {
		v := r.bits(40)
		d.Duration = &v
	}
	d.UPIDType = r.u8()
	d.UPID = r.bytes(int(r.u8()))
	d.TypeID = r.u8()
	d.SegmentNum = r.u8()
	d.SegmentsExpected = r.u8()
	if hasSubSegments(d.TypeID) && r.err == nil && r.left() >= 2 {
		a, b := r.u8(), r.u8()
		d.SubSegmentNum, d.SubSegmentsExpected = &a, &b
	}
	return d
}
