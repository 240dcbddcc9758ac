package scte35

import "fmt"

var segmentationTypes = map[uint8]string{
	0x00: "Not Indicated",
	0x01: "Content Identification",
	0x02: "Private",
	0x10: "Program Start",
	0x11: "Program End",
	0x12: "Program Early Termination",
	0x13: "Program Breakaway",
	0x14: "Program Resumption",
	0x15: "Program Runover Planned",
	0x16: "Program Runover Unplanned",
	0x17: "Program Overlap Start",
	0x18: "Program Blackout Override",
	0x19: "Program Join",
	0x20: "Chapter Start",
	0x21: "Chapter End",
	0x22: "Break Start",
	0x23: "Break End",
	0x24: "Opening Credit Start",
	0x25: "Opening Credit End",
	0x26: "Closing Credit Start",
	0x27: "Closing Credit End",
	0x30: "Provider Advertisement Start",
	0x31: "Provider Advertisement End",
	0x32: "Distributor Advertisement Start",
	0x33: "Distributor Advertisement End",
	0x34: "Provider Placement Opportunity Start",
	0x35: "Provider Placement Opportunity End",
	0x36: "Distributor Placement Opportunity Start",
	0x37: "Distributor Placement Opportunity End",
	0x38: "Provider Overlay Placement Opportunity Start",
	0x39: "Provider Overlay Placement Opportunity End",
	0x3A: "Distributor Overlay Placement Opportunity Start",
	0x3B: "Distributor Overlay Placement Opportunity End",
	0x3C: "Provider Promo Start",
	0x3D: "Provider Promo End",
	0x3E: "Distributor Promo Start",
	0x3F: "Distributor Promo End",
	0x40: "Unscheduled Event Start",
	0x41: "Unscheduled Event End",
	0x42: "Alternate Content Opportunity Start",
	0x43: "Alternate Content Opportunity End",
	0x44: "Provider Ad Block Start",
	0x45: "Provider Ad Block End",
	0x46: "Distributor Ad Block Start",
	0x47: "Distributor Ad Block End",
	0x50: "Network Start",
	0x51: "Network End",
}

// SegmentationTypeName names a segmentation_type_id as the standard's table does,
// or "type 0xNN" for one it does not define.
func SegmentationTypeName(t uint8) string {
	if s, ok := segmentationTypes[t]; ok {
		return s
	}
	return fmt.Sprintf("type 0x%02X", t)
}

var upidTypes = map[uint8]string{
	0x00: "none", 0x01: "user", 0x02: "ISCI", 0x03: "Ad-ID", 0x04: "UMID",
	0x05: "ISAN-deprecated", 0x06: "ISAN", 0x07: "TID", 0x08: "TI", 0x09: "ADI",
	0x0A: "EIDR", 0x0B: "ATSC", 0x0C: "MPU", 0x0D: "MID", 0x0E: "ADS", 0x0F: "URI",
	0x10: "UUID", 0x11: "SCR",
}

// UPIDTypeName names a segmentation_upid_type ("TI", "Ad-ID", "EIDR", ...).
func UPIDTypeName(t uint8) string {
	if s, ok := upidTypes[t]; ok {
		return s
	}
	return fmt.Sprintf("upid 0x%02X", t)
}

func commandName(t uint8) string {
	switch t {
	case CmdSpliceNull:
		return "splice_null"
	case CmdSpliceSchedule:
		return "splice_schedule"
	case CmdSpliceInsert:
		return "splice_insert"
	case CmdTimeSignal:
		return "time_signal"
	case CmdBandwidthReservation:
		return "bandwidth_reservation"
	case CmdPrivate:
		return "private_command"
	}
	return fmt.Sprintf("command 0x%02X", t)
}

func descriptorName(t uint8) string {
	switch t {
	case AvailTag:
		return "avail_descriptor"
	case DTMFTag:
		return "DTMF_descriptor"
	case SegmentationTag:
		return "segmentation_descriptor"
	case TimeTag:
		return "time_descriptor"
	case AudioTag:
		return "audio_descriptor"
	}
	return fmt.Sprintf("descriptor 0x%02X", t)
}

// CommandName names the message's splice command ("splice_insert", ...).
func (s *SpliceInfo) CommandName() string { return commandName(s.CommandType) }
