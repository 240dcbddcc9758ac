//go:build !unix

package player_test

import "time"

// cpuTime is unknown here (0): the test only logs it.
func cpuTime() time.Duration { return 0 }
