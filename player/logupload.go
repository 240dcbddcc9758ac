package player

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"time"
)

// maxLogPost is the largest playback-log body posted at once.
const maxLogPost = 256 << 10

// logUpload posts the session's JSON lines to Config.LogURL every LogInterval and
// at the end. Failures are counted in the diagnostics, never reported as errors of
// playback.
type logUpload struct {
	cancel context.CancelFunc
	done   chan struct{}
	final  func()
}

func (s *Session) startLogUpload(ctx context.Context) *logUpload {
	if s.cfg.LogURL == "" {
		return &logUpload{cancel: func() {}, final: s.rec.flush}
	}
	ctx, cancel := context.WithCancel(ctx)
	u := &logUpload{cancel: cancel, done: make(chan struct{})}
	client := newFetcher(&s.cfg).client
	post := func(ctx context.Context) {
		lines := s.rec.take()
		for len(lines) > 0 {
			var body bytes.Buffer
			for len(lines) > 0 && (body.Len() == 0 || body.Len()+len(lines[0]) <= maxLogPost) {
				if len(lines[0]) > maxLogPost {
					lines = lines[1:] // a single line over the limit cannot be posted
					continue
				}
				body.Write(lines[0])
				lines = lines[1:]
			}
			if body.Len() == 0 {
				return
			}
			if err := s.postLog(ctx, client, body.Bytes()); err != nil {
				s.cfg.Logf("playback log: %v", err)
				return
			}
		}
	}
	go func() {
		defer close(u.done)
		t := s.cfg.Clock.NewTimer(s.cfg.LogInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C():
				s.rec.flush()
				post(ctx)
				t.Reset(s.cfg.LogInterval)
			}
		}
	}()
	var once sync.Once
	u.final = func() {
		once.Do(func() {
			s.rec.flush()
			fctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			post(fctx)
		})
	}
	return u
}

// stop ends the periodic posts and posts what is left.
func (u *logUpload) stop() {
	u.cancel()
	if u.done != nil {
		<-u.done
	}
	u.final()
}

func (s *Session) postLog(ctx context.Context, client *http.Client, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.LogURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set(SessionHeader, s.cfg.SessionID)
	if s.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", s.cfg.UserAgent)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return &StatusError{URL: s.cfg.LogURL, Code: resp.StatusCode}
	}
	return nil
}
