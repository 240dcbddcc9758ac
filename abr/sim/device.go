package sim

import (
	"fmt"
	"strings"

	"github.com/smoothie-player/smoothie/abr"
)

// Device is a decode-cost and power model. Decode time per frame at nominal
// clock is MsPerMpixel·megapixels + MsPerMbit·(bitrate/fps in Mbit); with a
// background load u the decoder gets (1−u) of the device, so a frame takes
// cost/(1−u) and frames later than their interval are dropped.
type Device struct {
	Name        string
	MsPerMpixel float64
	MsPerMbit   float64
	// Load is the background CPU load as a function of session time (s).
	Load func(t float64) float64
	// Power model, watts: base (display, system) + decode at full use of one
	// frame budget + radio while a transfer runs.
	BaseW, DecodeW, RadioW float64
	BatteryWh              float64
}

// Devices returns the built-in profiles by name.
func Devices() []string { return []string{"desktop", "laptop", "weak"} }

// DeviceByName returns a built-in profile.
func DeviceByName(name string) (*Device, error) {
	switch name {
	case "", "desktop":
		return &Device{Name: "desktop", MsPerMpixel: 4, MsPerMbit: 2, BaseW: 30, DecodeW: 10, RadioW: 2, BatteryWh: 0}, nil
	case "laptop":
		return &Device{Name: "laptop", MsPerMpixel: 10, MsPerMbit: 3, BaseW: 6, DecodeW: 6, RadioW: 1.5, BatteryWh: 50}, nil
	case "weak":
		// A low-end device: 1080p (2.07 Mpixel) takes ~40 ms a frame against
		// a 33 ms interval; 720p fits with room; 60 s of 50 % background load
		// from t=60 s makes 720p marginal too.
		return &Device{Name: "weak", MsPerMpixel: 18, MsPerMbit: 4, BaseW: 2.5, DecodeW: 2.5, RadioW: 1.2, BatteryWh: 15,
			Load: func(t float64) float64 {
				if t >= 60 && t < 120 {
					return 0.5
				}
				return 0.05
			}}, nil
	}
	return nil, fmt.Errorf("unknown device %q (known: %s)", name, strings.Join(Devices(), ", "))
}

// frameCost is the decode time per frame in ms at nominal clock.
func (d *Device) frameCost(l abr.Level) float64 {
	fps := l.FPS
	if fps <= 0 {
		fps = 30
	}
	return d.MsPerMpixel*float64(l.Width*l.Height)/1e6 + d.MsPerMbit*float64(l.Bitrate)/1e6/fps
}

// playChunk returns the dropped-frame fraction, the wall decode time per
// frame (ms) and the decode power share (0..1 of one core's budget) for a
// chunk played at level l starting at session time t.
func (d *Device) playChunk(l abr.Level, t float64) (drop, msPerFrame, busy float64) {
	u := 0.0
	if d.Load != nil {
		u = d.Load(t)
	}
	fps := l.FPS
	if fps <= 0 {
		fps = 30
	}
	budget := 1000 / fps
	msPerFrame = d.frameCost(l) / (1 - u)
	if msPerFrame > budget {
		drop = 1 - budget/msPerFrame
	}
	busy = min(d.frameCost(l)/budget, 1)
	return drop, msPerFrame, busy
}

// PensieveRenditions gives the Pensieve ladder resolutions and a frame rate
// (the table has only bitrates): 240p…1080p at 30 fps.
func PensieveRenditions(l abr.Ladder) abr.Ladder {
	res := [][2]int{{426, 240}, {640, 360}, {854, 480}, {1280, 720}, {1920, 1080}, {1920, 1080}}
	out := append(abr.Ladder(nil), l...)
	for i := range out {
		r := res[min(i, len(res)-1)]
		out[i].Width, out[i].Height, out[i].FPS = r[0], r[1], 30
	}
	return out
}
