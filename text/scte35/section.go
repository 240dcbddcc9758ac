package scte35

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Command types (splice_command_type).
const (
	CmdSpliceNull           = 0x00
	CmdSpliceSchedule       = 0x04
	CmdSpliceInsert         = 0x05
	CmdTimeSignal           = 0x06
	CmdBandwidthReservation = 0x07
	CmdPrivate              = 0xFF
)

// TableID is the table_id of every splice_info_section.
const TableID = 0xFC

// MaxSize bounds the input: a section_length is 12 bits, so no section is longer.
const MaxSize = 3 + 4095

// Sentinel errors, wrapped by Decode's errors.
var (
	ErrCRC      = errors.New("CRC_32 mismatch")
	ErrNotSCTE  = errors.New("not a splice_info_section")
	ErrTooLarge = errors.New("too large")
)

// SpliceInfo is one decoded splice_info_section.
type SpliceInfo struct {
	TableID         uint8
	SAPType         uint8 // 3 = not specified
	ProtocolVersion uint8
	Encrypted       bool
	// EncryptionAlgorithm and CWIndex matter only when Encrypted.
	EncryptionAlgorithm uint8
	CWIndex             uint8
	// PTSAdjustment (90 kHz ticks, 33 bits) is added to every pts_time in the message.
	PTSAdjustment uint64
	Tier          uint16 // 0xFFF = all tiers

	CommandType uint8
	// Exactly one of the following is set for a decoded command (none for
	// splice_null and bandwidth_reservation).
	Insert     *SpliceInsert   `json:",omitempty"`
	TimeSignal *SpliceTime     `json:",omitempty"` // time_signal's splice_time
	Private    *PrivateCommand `json:",omitempty"`
	// RawCommand holds the bytes of a command not decoded (splice_schedule, an
	// unknown type, or any command of an encrypted section).
	RawCommand []byte `json:",omitempty"`

	Descriptors []Descriptor `json:",omitempty"`
	CRC32       uint32
}

// SpliceTime is a splice_time(): PTS is nil when time_specified_flag is 0.
type SpliceTime struct {
	PTS *uint64 `json:",omitempty"` // 90 kHz ticks, 33 bits, before pts_adjustment
}

// BreakDuration is a break_duration().
type BreakDuration struct {
	AutoReturn bool
	Duration   uint64 // 90 kHz ticks
}

// Component is one component of a component splice.
type Component struct {
	Tag  uint8
	Time *SpliceTime `json:",omitempty"` // nil for an immediate splice
}

// SpliceInsert is a splice_insert() command.
type SpliceInsert struct {
	EventID      uint32
	Cancel       bool
	OutOfNetwork bool
	// ProgramSplice says the whole programme splices at Time; otherwise
	// Components lists each component's time.
	ProgramSplice bool
	Immediate     bool
	// EventIDCompliance is event_id_compliance_flag (reserved before SCTE 35 2020).
	EventIDCompliance bool
	Time              *SpliceTime    `json:",omitempty"`
	Components        []Component    `json:",omitempty"`
	Break             *BreakDuration `json:",omitempty"`
	UniqueProgramID   uint16
	AvailNum          uint8
	AvailsExpected    uint8
}

// PrivateCommand is a private_command(): an identifier (a registered 32-bit
// format identifier, e.g. "CUEI") and its bytes.
type PrivateCommand struct {
	Identifier uint32
	Bytes      []byte
}

// Decode reads one splice_info_section. It checks the table id, the lengths and
// the CRC_32 (errors wrap ErrNotSCTE and ErrCRC), and fails on a command or a
// descriptor that does not fit its declared length. Trailing bytes after the
// section are ignored.
func Decode(b []byte) (*SpliceInfo, error) {
	if len(b) > 1<<20 {
		return nil, fmt.Errorf("scte35: %d bytes: %w", len(b), ErrTooLarge)
	}
	if len(b) < 3 {
		return nil, fmt.Errorf("scte35: %d bytes: %w", len(b), ErrNotSCTE)
	}
	if b[0] != TableID {
		return nil, fmt.Errorf("scte35: table_id 0x%02X: %w", b[0], ErrNotSCTE)
	}
	sectionLen := int(b[1]&0x0F)<<8 | int(b[2])
	total := 3 + sectionLen
	if total > len(b) {
		return nil, fmt.Errorf("scte35: section_length %d: needs %d bytes, have %d", sectionLen, total, len(b))
	}
	if total < 3+11+4+2 {
		return nil, fmt.Errorf("scte35: section_length %d: too short for a splice_info_section", sectionLen)
	}
	b = b[:total]
	if crc := crc32MPEG(b); crc != 0 {
		got := uint32(b[total-4])<<24 | uint32(b[total-3])<<16 | uint32(b[total-2])<<8 | uint32(b[total-1])
		return nil, fmt.Errorf("scte35: CRC_32 0x%08X, computed 0x%08X: %w", got, crc32MPEG(b[:total-4]), ErrCRC)
	}
	r := &bitReader{b: b[:total-4], what: "splice_info_section"}
	s := &SpliceInfo{}
	s.TableID = r.u8()
	r.bits(1) // section_syntax_indicator
	r.bits(1) // private_indicator
	s.SAPType = uint8(r.bits(2))
	r.bits(12) // section_length
	s.ProtocolVersion = r.u8()
	s.Encrypted = r.flag()
	s.EncryptionAlgorithm = uint8(r.bits(6))
	s.PTSAdjustment = r.bits(33)
	s.CWIndex = r.u8()
	s.Tier = uint16(r.bits(12))
	cmdLen := int(r.bits(12))
	s.CommandType = r.u8()
	s.CRC32 = uint32(b[total-4])<<24 | uint32(b[total-3])<<16 | uint32(b[total-2])<<8 | uint32(b[total-1])
	if r.err != nil {
		return nil, fmt.Errorf("scte35: %w", r.err)
	}
	if s.ProtocolVersion != 0 {
		return nil, fmt.Errorf("scte35: protocol_version %d: only 0 is defined", s.ProtocolVersion)
	}
	if s.Encrypted {
		// Everything after splice_command_type is encrypted: keep it raw.
		s.RawCommand = r.bytes(r.left())
		return s, nil
	}
	start := r.pos / 8
	legacy := cmdLen == 0xFFF
	if legacy {
		// Legacy: length not given; the command is decoded to find its end.
		cmdLen = r.left()
	}
	if cmdLen > r.left() {
		return nil, fmt.Errorf("scte35: splice_command_length %d: only %d bytes left", cmdLen, r.left())
	}
	cr := &bitReader{b: b[start : start+cmdLen], what: commandName(s.CommandType)}
	if err := s.decodeCommand(cr); err != nil {
		return nil, fmt.Errorf("scte35: %w", err)
	}
	if legacy {
		cmdLen = (cr.pos + 7) / 8
	}
	r.pos = (start + cmdLen) * 8
	loopLen := int(r.u16())
	if r.err != nil {
		return nil, fmt.Errorf("scte35: descriptor_loop_length: %w", r.err)
	}
	if loopLen > r.left() {
		return nil, fmt.Errorf("scte35: descriptor_loop_length %d: only %d bytes left", loopLen, r.left())
	}
	ds, err := decodeDescriptors(r.bytes(loopLen))
	if err != nil {
		return nil, fmt.Errorf("scte35: %w", err)
	}
	s.Descriptors = ds
	return s, nil
}

// DecodeBase64 decodes the base64 form (standard alphabet, padding optional,
// surrounding white space ignored) that manifests carry inline.
func DecodeBase64(s string) (*SpliceInfo, error) {
	s = strings.Join(strings.Fields(s), "")
	if len(s) > 2*MaxSize {
		return nil, fmt.Errorf("scte35: base64 of %d characters: %w", len(s), ErrTooLarge)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b2, err2 := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
		if err2 != nil {
			return nil, fmt.Errorf("scte35: base64: %v", err)
		}
		b = b2
	}
	return Decode(b)
}

func (s *SpliceInfo) decodeCommand(r *bitReader) error {
	switch s.CommandType {
	case CmdSpliceNull, CmdBandwidthReservation:
	case CmdSpliceInsert:
		s.Insert = decodeInsert(r)
	case CmdTimeSignal:
		s.TimeSignal = decodeSpliceTime(r)
	case CmdPrivate:
		p := &PrivateCommand{Identifier: r.u32()}
		p.Bytes = r.bytes(r.left())
		s.Private = p
	default:
		s.RawCommand = r.bytes(r.left())
	}
	return r.err
}

func decodeSpliceTime(r *bitReader) *SpliceTime {
	t := &SpliceTime{}
	if r.flag() {
		r.bits(6)
		p := r.bits(33)
		t.PTS = &p
	} else {
		r.bits(7)
	}
	return t
}

func decodeInsert(r *bitReader) *SpliceInsert {
	c := &SpliceInsert{EventID: r.u32(), Cancel: r.flag()}
	r.bits(7)
	if c.Cancel {
		return c
	}
	c.OutOfNetwork = r.flag()
	c.ProgramSplice = r.flag()
	hasDuration := r.flag()
	c.Immediate = r.flag()
	c.EventIDCompliance = r.flag()
	r.bits(3)
	if c.ProgramSplice && !c.Immediate {
		c.Time = decodeSpliceTime(r)
	}
	if !c.ProgramSplice {
		n := int(r.u8())
		for i := 0; i < n && r.err == nil; i++ {
			comp := Component{Tag: r.u8()}
			if !c.Immediate {
				comp.Time = decodeSpliceTime(r)
			}
			c.Components = append(c.Components, comp)
		}
	}
	if hasDuration {
		bd := &BreakDuration{AutoReturn: r.flag()}
		r.bits(6)
		bd.Duration = r.bits(33)
		c.Break = bd
	}
	c.UniqueProgramID = r.u16()
	c.AvailNum = r.u8()
	c.AvailsExpected = r.u8()
	return c
}

// Ticks converts 90 kHz ticks to a duration.
func Ticks(t uint64) time.Duration {
	return time.Duration(t/90000)*time.Second + time.Duration(t%90000)*time.Second/90000
}

// PTS is the presentation time of a splice_time with pts_adjustment applied
// (modulo 2^33), and false when the time is not specified.
func (s *SpliceInfo) PTS(t *SpliceTime) (uint64, bool) {
	if t == nil || t.PTS == nil {
		return 0, false
	}
	return (*t.PTS + s.PTSAdjustment) & (1<<33 - 1), true
}

// SpliceTime is the message's splice time: time_signal's, or a program
// splice_insert's, with pts_adjustment applied; false when the message has none
// (immediate, cancel, component splice, or no time command).
func (s *SpliceInfo) SpliceTime() (uint64, bool) {
	switch {
	case s.TimeSignal != nil:
		return s.PTS(s.TimeSignal)
	case s.Insert != nil:
		return s.PTS(s.Insert.Time)
	}
	return 0, false
}
