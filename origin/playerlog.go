package origin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// SessionHeader carries the player's session id on every request and log post, so
// access-log lines and playback logs can be joined.
const SessionHeader = "X-Smoothie-Session"

// playerLogEntry is one line of the player log file.
type playerLogEntry struct {
	Received string          `json:"received"`
	Session  string          `json:"session,omitempty"`
	Remote   string          `json:"remote"`
	Entry    json.RawMessage `json:"entry"`
}

// playerLog accepts POST /log: a JSON document or JSON lines, capped in size, each
// line appended to the player log wrapped with when, from where and which session.
func (s *Server) playerLog(w http.ResponseWriter, r *http.Request) {
	if s.cfg.PlayerLog == nil {
		httpError(w, http.StatusNotFound, "no player log sink configured (serve --player-log FILE)")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		httpError(w, http.StatusMethodNotAllowed, "POST a playback log to /log")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxPlayerLogBody))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("playback log larger than %d bytes", s.cfg.MaxPlayerLogBody))
			return
		}
		httpError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	var lines [][]byte
	for i, line := range bytes.Split(body, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if !json.Valid(line) {
			httpError(w, http.StatusBadRequest, fmt.Sprintf("line %d is not JSON", i+1))
			return
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		httpError(w, http.StatusBadRequest, "empty playback log")
		return
	}
	now := s.cfg.Now().UTC().Format(time.RFC3339Nano)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	for _, l := range lines {
		enc.Encode(playerLogEntry{Received: now, Session: r.Header.Get(SessionHeader), Remote: r.RemoteAddr, Entry: l})
	}
	s.logMu.Lock()
	_, err = s.cfg.PlayerLog.Write(out.Bytes())
	s.logMu.Unlock()
	if err != nil {
		httpError(w, http.StatusInternalServerError, "writing the player log: "+err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
