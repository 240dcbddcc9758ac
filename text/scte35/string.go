package scte35

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// String is the message on one line for a log, e.g.
//
//	splice_insert event 1207959695 out of network, at pts 21514.559 s, break 60.3 s auto-return; avail 0x00000135
//
// Times are in seconds of the 90 kHz clock with pts_adjustment applied.
func (s *SpliceInfo) String() string {
	if s == nil {
		return "<nil>"
	}
	var b strings.Builder
	if s.Encrypted {
		fmt.Fprintf(&b, "encrypted %s (algorithm %d, cw_index %d)", s.CommandName(), s.EncryptionAlgorithm, s.CWIndex)
		return b.String()
	}
	b.WriteString(s.CommandName())
	switch {
	case s.Insert != nil:
		s.writeInsert(&b, s.Insert)
	case s.TimeSignal != nil:
		b.WriteString(" " + s.timeString(s.TimeSignal))
	case s.Private != nil:
		fmt.Fprintf(&b, " %s, %d bytes", identString(s.Private.Identifier), len(s.Private.Bytes))
	case len(s.RawCommand) > 0:
		fmt.Fprintf(&b, ", %d bytes", len(s.RawCommand))
	}
	if s.Tier != 0xFFF {
		fmt.Fprintf(&b, ", tier %d", s.Tier)
	}
	for _, d := range s.Descriptors {
		b.WriteString("; ")
		s.writeDescriptor(&b, &d)
	}
	return b.String()
}

func (s *SpliceInfo) timeString(t *SpliceTime) string {
	if p, ok := s.PTS(t); ok {
		return fmt.Sprintf("at pts %.3f s", float64(p)/90000)
	}
	return "immediate"
}

func seconds(ticks uint64) string { return fmt.Sprintf("%.1f s", float64(ticks)/90000) }

func (s *SpliceInfo) writeInsert(b *strings.Builder, c *SpliceInsert) {
	fmt.Fprintf(b, " event %d", c.EventID)
	if c.Cancel {
		b.WriteString(" cancel")
		return
	}
	if c.OutOfNetwork {
		b.WriteString(" out of network")
	} else {
		b.WriteString(" back to network")
	}
	if c.ProgramSplice {
		if c.Immediate {
			b.WriteString(", immediate")
		} else {
			b.WriteString(", " + s.timeString(c.Time))
		}
	} else {
		fmt.Fprintf(b, ", %d components", len(c.Components))
		for _, comp := range c.Components {
			fmt.Fprintf(b, " [%d ", comp.Tag)
			if comp.Time != nil {
				b.WriteString(s.timeString(comp.Time))
			} else {
				b.WriteString("immediate")
			}
			b.WriteString("]")
		}
	}
	if c.Break != nil {
		b.WriteString(", break " + seconds(c.Break.Duration))
		if c.Break.AutoReturn {
			b.WriteString(" auto-return")
		}
	}
	if c.UniqueProgramID != 0 {
		fmt.Fprintf(b, ", program %d", c.UniqueProgramID)
	}
	if c.AvailsExpected != 0 {
		fmt.Fprintf(b, ", avail %d/%d", c.AvailNum, c.AvailsExpected)
	}
}

func (s *SpliceInfo) writeDescriptor(b *strings.Builder, d *Descriptor) {
	switch {
	case d.Avail != nil:
		fmt.Fprintf(b, "avail 0x%08X", d.Avail.ProviderAvailID)
	case d.DTMF != nil:
		fmt.Fprintf(b, "DTMF %q preroll %.1f s", d.DTMF.Chars, float64(d.DTMF.Preroll)/10)
	case d.Time != nil:
		fmt.Fprintf(b, "time TAI %d.%09d s, UTC offset %d s", d.Time.TAISeconds, d.Time.TAINanoseconds, d.Time.UTCOffset)
	case d.Segmentation != nil:
		g := d.Segmentation
		fmt.Fprintf(b, "segmentation event %d", g.EventID)
		if g.Cancel {
			b.WriteString(" cancel")
			return
		}
		b.WriteString(" " + g.TypeName())
		if g.Duration != nil {
			b.WriteString(", " + seconds(*g.Duration))
		}
		if g.UPIDType != 0 || len(g.UPID) > 0 {
			fmt.Fprintf(b, ", %s %s", UPIDTypeName(g.UPIDType), upidString(g.UPIDType, g.UPID))
		}
		fmt.Fprintf(b, ", segment %d/%d", g.SegmentNum, g.SegmentsExpected)
		if g.SubSegmentNum != nil && g.SubSegmentsExpected != nil {
			fmt.Fprintf(b, ", sub-segment %d/%d", *g.SubSegmentNum, *g.SubSegmentsExpected)
		}
		if !g.ProgramSegmentation {
			fmt.Fprintf(b, ", %d components", len(g.Components))
		}
	default:
		fmt.Fprintf(b, "%s %s, %d bytes", descriptorName(d.Tag), identString(d.Identifier), len(d.Raw))
	}
}

// upidString shows text UPIDs as quoted text and the others as hex.
func upidString(t uint8, u []byte) string {
	switch t {
	case 0x02, 0x03, 0x07, 0x09, 0x0F, 0x11: // ISCI, Ad-ID, TID, ADI, URI, SCR: ASCII
		if printable(u) {
			return fmt.Sprintf("%q", u)
		}
	}
	if len(u) == 0 {
		return "(empty)"
	}
	return "0x" + strings.ToUpper(hex.EncodeToString(u))
}

func printable(u []byte) bool {
	for _, c := range u {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

func identString(id uint32) string {
	b := []byte{byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)}
	if printable(b) {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("0x%08X", id)
}
