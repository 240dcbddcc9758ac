package main

import (
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/player"
)

// TestWireABR: the engine and its sensors go into the configuration; a bad
// --abr, --battery or --cpu-budget is bad usage naming the flag.
func TestWireABR(t *testing.T) {
	ctx := t.Context()
	var cfg player.Config
	if err := wireABR(ctx, &playFlags{abr: "smoothie", battery: "discharging:15%", cpuBudget: "60%"}, &cfg); err != nil || cfg.Policy == nil || cfg.Sensors == nil {
		t.Fatalf("wireABR: %v; policy %v", err, cfg.Policy)
	}
	for _, c := range []struct {
		f    playFlags
		want string
	}{
		{playFlags{abr: "psychic"}, "--abr: "},
		{playFlags{abr: "smoothie", battery: "flat"}, "--battery: "},
		{playFlags{abr: "smoothie", cpuBudget: "lots"}, "--cpu-budget: "},
	} {
		err := wireABR(ctx, &c.f, &player.Config{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || playExit(err, &strings.Builder{}) != exitUsage {
			t.Errorf("%+v: %v; want %q, exit 2", c.f, err, c.want)
		}
	}
}
