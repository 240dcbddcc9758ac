package main

import (
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

const manifests = "../../smooth/testdata/manifests"
const fragments = "../../smooth/testdata/fragments"

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "inspect", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (regenerate with go test ./cmd/smoothie -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

// TestInspectConformance: every conformance manifest inspects with exit 0, as JSON
// with the docs/formats.md fields, and as a table; both match golden files.
func TestInspectConformance(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(manifests, "*.xml"))
	if len(files) < 18 {
		t.Fatalf("%d manifests", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".xml")
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCapture("inspect", "--json", f)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var obj map[string]any
			if err := json.Unmarshal([]byte(out), &obj); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"live", "duration_s", "timescale", "protection", "streams"} {
				if _, ok := obj[k]; !ok {
					t.Errorf("JSON lacks %q", k)
				}
			}
			for _, s := range obj["streams"].([]any) {
				for _, k := range []string{"type", "name", "language", "fourcc", "start_s", "fragments", "levels", "first_url"} {
					if _, ok := s.(map[string]any)[k]; !ok {
						t.Errorf("stream lacks %q", k)
					}
				}
			}
			golden(t, name+".json", out)
			code, out, errs = runCapture("inspect", f)
			if code != exitOK {
				t.Fatalf("table: exit %d: %s", code, errs)
			}
			golden(t, name+".txt", out)
		})
	}
}

func TestInspectLevelErrors(t *testing.T) {
	code, out, _ := runCapture("inspect", "--json", filepath.Join(manifests, "gstreamer__mssdemux_simpleTest.xml"))
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var r struct {
		Streams []struct {
			Levels []struct {
				Error string `json:"error"`
			} `json:"levels"`
		} `json:"streams"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Streams[0].Levels[0].Error, "not valid hex") || r.Streams[1].Levels[0].Error != "" {
		t.Errorf("level errors: %+v", r)
	}
}

func TestInspectHTTP(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(manifests, "rxplayer__Manifest_Custom_Attributes.xml"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/vod/x.ism/Manifest", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		w.Write(body)
	})
	mux.HandleFunc("/old/Manifest", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/vod/x.ism/Manifest", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	// A redirect is followed, and fragment URLs resolve against the final manifest URL.
	code, out, errs := runCapture("inspect", srv.URL+"/old/Manifest", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Streams []struct {
			FirstURL string `json:"first_url"`
		} `json:"streams"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	want := srv.URL + "/vod/x.ism/QualityLevels300000,hardwareProfile=1000/Fragmentsvideo=0"
	if r.Streams[0].FirstURL != want {
		t.Errorf("first_url %q, want %q", r.Streams[0].FirstURL, want)
	}
	code, _, errs = runCapture("inspect", srv.URL+"/missing.ism/Manifest")
	if code != exitFailure || !strings.Contains(errs, "404") || strings.Count(errs, "\n") != 1 {
		t.Errorf("404: exit %d, stderr %q", code, errs)
	}
}

func TestInspectFragmentsAndFiles(t *testing.T) {
	code, out, errs := runCapture("inspect", "--json", filepath.Join(fragments, "dashjs__mss_moof.mp4"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "dashjs__mss_moof.json", out)
	code, out, errs = runCapture("inspect", filepath.Join(fragments, "mp4ff__bbb5s_aac.isma"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "mp4ff__bbb5s_aac.txt", out)
	code, out, _ = runCapture("inspect", filepath.Join(fragments, "ffmpeg51-generated__live", "QualityLevels(100000)_FragmentInfo(video=100213333).mp4"))
	if code != exitOK || !strings.Contains(out, "no mdat (FragmentInfo)") || !strings.Contains(out, "tfrf 120213333+20000000") {
		t.Errorf("FragmentInfo: exit %d\n%s", code, out)
	}
}

func TestInspectServerManifest(t *testing.T) {
	dir := t.TempDir()
	ismc, _ := os.ReadFile(filepath.Join(manifests, "azuredocs__deliver-content-overview_v2.2_rtag.xml"))
	os.WriteFile(filepath.Join(dir, "p.ismc"), ismc, 0o644)
	os.WriteFile(filepath.Join(dir, "p.ism"), []byte(`<smil xmlns="http://www.w3.org/2001/SMIL20/Language"><head><meta name="clientManifestRelativePath" content="p.ismc"/></head><body><switch><video src="p.ismv" systemBitrate="1"/></switch></body></smil>`), 0o644)
	code, out, errs := runCapture("inspect", filepath.Join(dir, "p.ism"))
	if code != exitOK || !strings.Contains(out, "4 fragments") {
		t.Errorf("exit %d: %s%s", code, out, errs)
	}
}

func TestInspectBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := []struct{ name, content, want string }{
		{"broken.ismc", "<SmoothStreamingMedia MajorVersion=\"2\" MinorVersion=\"0\" Duration=\"1\">\n<StreamIndex Type=\"video\">\n<QualityLevel Bitrate=\"x\"/>", "broken.ismc:3:"},
		{"notxml.bin", "\x00\x00\x00\x10moof\x00\x00", "notxml.bin: offset 0"},
		{"wrongroot.xm", "<MPD></MPD>", "root element is <MPD>"},
		// QA U5: say what the input is.
		{"empty.ismc", "", "empty.ismc: empty file"},
		{"blank.ismc", "\n\n", "blank.ismc: empty file"},
		{"doc.json", `{"streams": [1]}`, "doc.json: JSON, not XML"},
		{"note.txt", "see the other file", "note.txt: text, not XML"},
	}
	for _, tc := range bad {
		p := filepath.Join(dir, tc.name)
		os.WriteFile(p, []byte(tc.content), 0o644)
		code, _, errs := runCapture("inspect", p)
		if code != exitFailure || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d stderr %q (want exit 1, one line with %q)", tc.name, code, errs, tc.want)
		}
	}
	code, _, errs := runCapture("inspect", filepath.Join(dir, "nope.ismc"))
	if code != exitFailure || !strings.Contains(errs, "nope.ismc") {
		t.Errorf("missing file: exit %d %q", code, errs)
	}
}

// TestInspectWarnsDuplicateBitrate: two levels of a stream with one Bitrate share their
// fragment URLs; inspect lists it under Warnings and in --json (QA U5).
func TestInspectWarnsDuplicateBitrate(t *testing.T) {
	p := filepath.Join(t.TempDir(), "dup.ismc")
	os.WriteFile(p, []byte(`<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="20000000">
<StreamIndex Type="video" Url="QualityLevels({bitrate})/Fragments(video={start time})">
<QualityLevel Index="0" Bitrate="300000" FourCC="H264" MaxWidth="320" MaxHeight="180"/>
<QualityLevel Index="1" Bitrate="300000" FourCC="H264" MaxWidth="480" MaxHeight="270"/>
<c t="0" d="20000000"/></StreamIndex></SmoothStreamingMedia>`), 0o644)
	want := `line 4: QualityLevel Bitrate 300000 is used twice in StreamIndex "video" (first at line 3)`
	code, out, errs := runCapture("inspect", p)
	if code != exitOK || !strings.Contains(out, "Warnings:\n  "+want) {
		t.Errorf("exit %d: %s%s", code, out, errs)
	}
	code, out, _ = runCapture("inspect", "--json", p)
	if code != exitOK || !strings.Contains(out, strings.ReplaceAll(want, `"`, `\"`)) {
		t.Errorf("--json: exit %d: %s", code, out)
	}
}
