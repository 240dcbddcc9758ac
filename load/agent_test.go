package load

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/origin"
)

func TestAgent(t *testing.T) {
	o := startOrigin(t, origin.Config{})
	agent := httptest.NewServer(NewAgent(Config{}))
	defer agent.Close()
	post := func(body string) (int, []byte) {
		resp, err := http.Post(agent.URL+"/viewer", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp.StatusCode, b.Bytes()
	}
	code, body := post(`{"url":"` + o.URL + `","for":"3s"}`)
	if code != http.StatusOK {
		t.Fatalf("POST /viewer: %d %s", code, body)
	}
	var rep ViewerReport
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Type != "summary" || rep.Played < 2 || rep.TTFF <= 0 || rep.Failed != "" || rep.Requests != int64(o.count(0)) {
		t.Errorf("viewer report %+v; the origin answered %d requests", rep, o.count(0))
	}
	for _, c := range []struct {
		body string
		code int
		want string
	}{
		{`{"url":"` + o.URL + `","for":"0s"}`, 400, "want a duration"},
		{`{"url":"ftp://x","for":"1s"}`, 400, "want an http(s) manifest URL"},
		{`not json`, 400, "viewer request"},
		{`{"url":"` + strings.Replace(o.URL, "demo.ism", "none.ism", 1) + `","for":"5s"}`, 502, "404"},
	} {
		if code, body := post(c.body); code != c.code || !strings.Contains(string(body), c.want) {
			t.Errorf("POST %s: %d %q, want %d with %q", c.body, code, body, c.code, c.want)
		}
	}
	if resp, err := http.Get(agent.URL + "/viewer"); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /viewer: %v %v", resp.StatusCode, err)
	}
}
