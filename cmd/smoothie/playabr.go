package main

import (
	"context"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/abr/sensor"
	"github.com/smoothie-player/smoothie/player"
)

// wireABR gives cfg the ABR engine --abr names, fed by the power and CPU sensors
// (sampled every 2 s until ctx ends) with --battery and --cpu-budget applied.
func wireABR(ctx context.Context, f *playFlags, cfg *player.Config) error {
	pol, err := abr.New(f.abr)
	if err != nil {
		return usageError("--abr: %v", err)
	}
	var override *abr.Power
	if f.battery != "" {
		p, err := abr.ParsePower(f.battery)
		if err != nil {
			return usageError("--battery: %v", err)
		}
		override = &p
	}
	var budget float64
	if f.cpuBudget != "" {
		if budget, err = sensor.ParseCPUBudget(f.cpuBudget); err != nil {
			return usageError("--cpu-budget: %v", err)
		}
	}
	sensors := sensor.NewSampler(ctx, 2*time.Second, override)
	cfg.Policy, cfg.DecodeBudget = pol, budget
	cfg.Sensors = sensors.Latest
	return nil
}
