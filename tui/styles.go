package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// Styles are every lipgloss style the panel uses; nothing else in the package
// builds a style. They come from lipgloss's default renderer, which reads the
// terminal's colour profile and honours NO_COLOR (no colours, text attributes only).
type Styles struct {
	Title, URL         lipgloss.Style
	Section            lipgloss.Style
	Playing, Paused    lipgloss.Style
	Stalled, Ended     lipgloss.Style
	Live               lipgloss.Style
	Dim                lipgloss.Style
	Cursor             lipgloss.Style
	PlayingLevel       lipgloss.Style
	Pinned             lipgloss.Style
	Capped             lipgloss.Style
	Error, Warning     lipgloss.Style
	Throughput, Buffer lipgloss.Style
	Selected           lipgloss.Style
	Cue                lipgloss.Style // the subtitle shown now
	Help               help.Styles
}

// DefaultStyles is the panel's palette (adaptive to light and dark backgrounds).
func DefaultStyles() Styles {
	accent := lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#B4A0FF"}
	green := lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#5FD787"}
	yellow := lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#F2CC60"}
	red := lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#FF7B72"}
	cyan := lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#79C0FF"}
	dim := lipgloss.AdaptiveColor{Light: "#6E7781", Dark: "#8B949E"}
	h := help.New().Styles
	h.ShortKey = lipgloss.NewStyle().Foreground(accent)
	h.FullKey = h.ShortKey
	h.ShortDesc = lipgloss.NewStyle().Foreground(dim)
	h.FullDesc = h.ShortDesc
	h.ShortSeparator = lipgloss.NewStyle().Foreground(dim)
	h.FullSeparator = h.ShortSeparator
	h.Ellipsis = h.ShortSeparator
	return Styles{
		Title:        lipgloss.NewStyle().Bold(true).Foreground(accent),
		URL:          lipgloss.NewStyle().Foreground(dim),
		Section:      lipgloss.NewStyle().Bold(true).Underline(true),
		Playing:      lipgloss.NewStyle().Bold(true).Foreground(green),
		Paused:       lipgloss.NewStyle().Bold(true).Foreground(yellow),
		Stalled:      lipgloss.NewStyle().Bold(true).Foreground(red),
		Ended:        lipgloss.NewStyle().Bold(true).Foreground(dim),
		Live:         lipgloss.NewStyle().Bold(true).Foreground(red),
		Dim:          lipgloss.NewStyle().Foreground(dim),
		Cursor:       lipgloss.NewStyle().Reverse(true),
		PlayingLevel: lipgloss.NewStyle().Bold(true).Foreground(green),
		Pinned:       lipgloss.NewStyle().Bold(true).Foreground(yellow),
		Capped:       lipgloss.NewStyle().Foreground(red),
		Error:        lipgloss.NewStyle().Foreground(red),
		Warning:      lipgloss.NewStyle().Foreground(yellow),
		Throughput:   lipgloss.NewStyle().Foreground(cyan),
		Buffer:       lipgloss.NewStyle().Foreground(green),
		Selected:     lipgloss.NewStyle().Foreground(yellow),
		Cue:          lipgloss.NewStyle().Italic(true),
		Help:         h,
	}
}
