package inspect

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// WriteManifest prints the manifest report as a table for people.
func WriteManifest(w io.Writer, r Manifest) error {
	var b strings.Builder
	kind := "VOD"
	if r.Live {
		kind = "LIVE"
		if r.DVRWindowS > 0 {
			kind += fmt.Sprintf(", DVR window %.1f s", r.DVRWindowS)
		} else {
			kind += ", unbounded DVR window"
		}
		if r.LookaheadCount > 0 {
			kind += fmt.Sprintf(", lookahead %d", r.LookaheadCount)
		}
	}
	if r.Source != "" {
		fmt.Fprintf(&b, "%s\n", r.Source)
	}
	fmt.Fprintf(&b, "Smooth Streaming %s, %s, duration %.3f s, timescale %d\n", r.Version, kind, r.DurationS, r.Timescale)
	for _, p := range r.Protection {
		name := p.SystemID
		if name == "9a04f079-9840-4286-ab92-e65be0885f95" {
			name = "PlayReady (" + name + ")"
		}
		fmt.Fprintf(&b, "Protection: %s", name)
		if p.KID != "" {
			fmt.Fprintf(&b, " KID %s", p.KID)
		}
		if p.LAURL != "" {
			fmt.Fprintf(&b, " license %s", p.LAURL)
		}
		if p.Error != "" {
			fmt.Fprintf(&b, " (header unreadable: %s)", p.Error)
		}
		b.WriteString("\n")
	}
	for _, s := range r.Streams {
		b.WriteString("\n")
		title := fmt.Sprintf("%s %q", s.Type, s.Name)
		if s.Subtype != "" {
			title += " " + s.Subtype
		}
		if s.Language != "" {
			title += " [" + strings.TrimSpace(s.Language) + "]"
		}
		if s.Parent != "" {
			title += " sparse, parent " + s.Parent
		}
		fmt.Fprintf(&b, "%s: %d fragments, %.3f–%.3f s\n", title, s.Fragments, s.StartS, s.EndS)
		if s.Sparse != "" {
			fmt.Fprintf(&b, "  sparse %s%s%s\n", s.Sparse, cond(s.Inline > 0, fmt.Sprintf(", %d payloads inline", s.Inline)), cond(s.Scheme != "", ", scheme "+s.Scheme))
		}
		if len(s.Levels) > 0 {
			tw := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  #\tindex\tbitrate\tfourcc\tcodec\tformat")
			levels := append([]Level(nil), s.Levels...)
			sort.SliceStable(levels, func(i, j int) bool { return levels[i].N < levels[j].N })
			for _, l := range levels {
				format := ""
				switch s.Type {
				case "video":
					format = fmt.Sprintf("%dx%d", l.Width, l.Height)
				case "audio":
					format = fmt.Sprintf("%d Hz %d ch", l.SamplingRate, l.Channels)
				}
				codec := l.Codec
				if l.Error != "" {
					codec = l.Error
					format = ""
				}
				fmt.Fprintf(tw, "  %d\t%d\t%s\t%s\t%s\t%s\n", l.N, l.Index, kbps(l.Bitrate), l.FourCC, codec, format)
			}
			tw.Flush()
		}
		if s.FirstURL != "" {
			fmt.Fprintf(&b, "  first fragment: %s\n", s.FirstURL)
		}
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\nWarnings:\n")
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "  %s\n", w)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func kbps(bps uint64) string {
	if bps >= 1_000_000 {
		return fmt.Sprintf("%.2f Mbit/s", float64(bps)/1e6)
	}
	return fmt.Sprintf("%d kbit/s", (bps+500)/1000)
}

// WriteMedia prints a fragment or file report as a table for people.
func WriteMedia(w io.Writer, r Media) error {
	var b strings.Builder
	if r.Source != "" {
		fmt.Fprintf(&b, "%s\n", r.Source)
	}
	fmt.Fprintf(&b, "%s, timescale %d\n", r.What, r.Timescale)
	for _, t := range r.Tracks {
		fmt.Fprintf(&b, "track %d: %s, timescale %d", t.ID, t.Type, t.Timescale)
		if t.Scheme != "" {
			fmt.Fprintf(&b, ", encrypted (%s, KID %s)", t.Scheme, t.KID)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nBoxes:\n")
	for _, bx := range r.Boxes {
		fmt.Fprintf(&b, "  %s%-10s offset %-8d size %d\n", strings.Repeat("  ", bx.Depth), bx.Type, bx.Offset, bx.Size)
	}
	b.WriteString("\nFragments:\n")
	tw := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  offset\tseq\ttime\tstart_s\tdur_s\tsamples\tkey\tbytes\tnotes")
	for _, f := range r.Fragments {
		if f.Error != "" {
			fmt.Fprintf(tw, "  %d\t\t\t\t\t\t\t\tERROR: %s\n", f.Offset, f.Error)
			continue
		}
		var notes []string
		if f.Tfxd {
			notes = append(notes, "tfxd")
		} else {
			notes = append(notes, "no tfxd")
		}
		for _, la := range f.Lookahead {
			notes = append(notes, fmt.Sprintf("tfrf %d+%d", la.Time, la.Duration))
		}
		if !f.HasData {
			notes = append(notes, "no mdat (FragmentInfo)")
		}
		if f.Encryption != "" {
			notes = append(notes, "encrypted ("+encryptionNote(f)+")")
		}
		if f.OffsetFixed {
			notes = append(notes, "trun data offset outside mdat, read from mdat start")
		}
		fmt.Fprintf(tw, "  %d\t%d\t%d\t%.3f\t%.3f\t%d\t%d\t%d\t%s\n", f.Offset, f.Sequence, f.Time, f.TimeS, f.DurationS, f.Samples, f.Keyframes, f.Bytes, strings.Join(notes, ", "))
	}
	tw.Flush()
	if len(r.Index) > 0 {
		b.WriteString("\nIndex (mfra/tfra):\n")
		for _, e := range r.Index {
			fmt.Fprintf(&b, "  track %d  time %d (%.3f s) → moof at %d\n", e.TrackID, e.Time, e.TimeS, e.MoofOffset)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCheck prints a check report: counts, then each problem on one line.
func WriteCheck(w io.Writer, r CheckReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nchecked %d of %d fragments in %d levels: ", r.Source, r.Checked, r.Fragments, r.Levels)
	if len(r.Problems) == 0 {
		b.WriteString("all good\n")
	} else {
		fmt.Fprintf(&b, "%d problems\n", len(r.Problems))
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "  %s %s t=%d: %s\n", p.Stream, kbps(p.Bitrate), p.Time, p.Msg)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cond is s when ok, else "".
func cond(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}

// encryptionNote is a fragment's encryption: the scheme (else the box it was found in),
// the KID, the IV size and the subsample count.
func encryptionNote(f Fragment) string {
	parts := []string{f.Encryption}
	if f.Scheme != "" {
		parts = []string{f.Scheme}
		if f.Encryption == "piff" || f.Encryption == "cenc" {
			parts[0] += " in " + map[string]string{"piff": "the PIFF box", "cenc": "senc"}[f.Encryption]
		} else {
			parts[0] += ", " + f.Encryption
		}
	}
	if f.KID != "" {
		parts = append(parts, "KID "+f.KID)
	}
	if f.Encryption == "piff" || f.Encryption == "cenc" {
		parts = append(parts, fmt.Sprintf("IV %d bytes", f.IVSize), fmt.Sprintf("%d subsamples", f.Subsamples))
	}
	return strings.Join(parts, ", ")
}
