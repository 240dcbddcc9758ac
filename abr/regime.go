package abr

// predict is the forecast's centre from samples (oldest first, at least
// one): the harmonic mean of the last BaseWindow, with LastWeight of the
// newest blended in when it is lower (a drop shows at once, a rise waits
// for the mean).
func (s *Smoothie) predict(samples []float64) float64 {
	hm := harmonicMean(lastN(samples, s.cfg.BaseWindow))
	if last := samples[len(samples)-1]; last < hm {
		hm = (1-s.cfg.LastWeight)*hm + s.cfg.LastWeight*last
	}
	return hm
}

// regimeStart returns where the harmonic mean starts reading samples: the
// first sample of a rise of the link that its window does not yet hold
// entirely, else 0. A rise starts at the earliest c whose samples[c:], at
// least ChangeRun of them, are each at least ChangeRatio × the prediction
// made from the samples before c. Only rises are detected: the predictor
// already follows a drop at once (the lower newest sample is blended in and
// the harmonic mean is dominated by low samples), while after a rise the
// slow samples hold the harmonic mean down until they leave its window, and
// the planner, whose buffer floor the jump's forecast error has raised,
// stays at the bottom of the ladder meanwhile.
func (s *Smoothie) regimeStart(samples []float64) int {
	k, n, w := s.cfg.ChangeRun, len(samples), s.cfg.BaseWindow
	if k <= 0 {
		return 0
	}
	for c := max(1, n-w); c <= n-k; c++ {
		bar := s.cfg.ChangeRatio * s.predict(samples[:c])
		rise := true
		for _, v := range samples[c:] {
			if v < bar {
				rise = false
				break
			}
		}
		if rise {
			if c <= n-w { // the window holds the new regime only
				return 0
			}
			return c
		}
	}
	return 0
}
