package encode

import (
	"fmt"
	"slices"
	"strings"
)

// profile is a video profile the encoder can be asked for: its name for x264/x265
// and the pixel formats it can carry, the first being the one it takes by default.
type profile struct {
	name    string
	pixFmts []string
}

// profiles lists, per codec, the profiles `pack --profile` accepts.
var profiles = map[Codec][]profile{
	CodecH264: {
		{"baseline", []string{"yuv420p"}},
		{"main", []string{"yuv420p"}},
		{"high", []string{"yuv420p"}},
		{"high10", []string{"yuv420p10le", "yuv420p"}},
		{"high422", []string{"yuv422p", "yuv422p10le", "yuv420p", "yuv420p10le"}},
		{"high444", []string{"yuv444p", "yuv444p10le", "yuv422p", "yuv422p10le", "yuv420p", "yuv420p10le"}},
	},
	CodecHEVC: {
		{"main", []string{"yuv420p"}},
		{"main10", []string{"yuv420p10le", "yuv420p"}},
		{"main422-10", []string{"yuv422p10le", "yuv422p", "yuv420p10le", "yuv420p"}},
		{"main444-8", []string{"yuv444p", "yuv422p", "yuv420p"}},
		{"main444-10", []string{"yuv444p10le", "yuv444p", "yuv422p10le", "yuv422p", "yuv420p10le", "yuv420p"}},
	},
}

// PixFmts are the pixel formats the encoders are fed with (`pack --pix-fmt`).
var PixFmts = []string{"yuv420p", "yuv420p10le", "yuv422p", "yuv422p10le", "yuv444p", "yuv444p10le"}

// Profiles names the profiles c accepts, for messages.
func Profiles(c Codec) []string {
	var names []string
	for _, p := range profiles[c] {
		names = append(names, p.name)
	}
	return names
}

// pictureFormat resolves the profile and pixel format c asks for (either may be
// empty): the pixel format given, else the profile's own, else yuv420p; and the
// profile given or "" (the encoder picks from the pixel format).
func (c Config) pictureFormat() (prof, pixFmt string, err error) {
	codec := c.Codec
	if codec == "" {
		codec = CodecH264
	}
	pixFmt = c.PixFmt
	if pixFmt != "" && !slices.Contains(PixFmts, pixFmt) {
		return "", "", fmt.Errorf("pixel format %q: want one of %s", pixFmt, strings.Join(PixFmts, ", "))
	}
	if c.Profile == "" {
		if pixFmt == "" {
			pixFmt = "yuv420p"
		}
		return "", pixFmt, nil
	}
	i := slices.IndexFunc(profiles[codec], func(p profile) bool { return p.name == c.Profile })
	if i < 0 {
		return "", "", fmt.Errorf("%s profile %q: want one of %s", codec, c.Profile, strings.Join(Profiles(codec), ", "))
	}
	p := profiles[codec][i]
	if pixFmt == "" {
		pixFmt = p.pixFmts[0]
	}
	if !slices.Contains(p.pixFmts, pixFmt) {
		return "", "", fmt.Errorf("%s profile %s cannot carry pixel format %s (it takes %s)", codec, p.name, pixFmt, strings.Join(p.pixFmts, ", "))
	}
	return p.name, pixFmt, nil
}
