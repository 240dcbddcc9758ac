package smooth

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// comparable strips what Marshal cannot keep by design: source lines and warnings.
func comparable(m *Manifest) *Manifest {
	c := *m
	c.Warnings = nil
	c.Streams = nil
	for _, s := range m.Streams {
		sc := *s
		sc.Line = 0
		sc.Levels = nil
		sc.Content = nil
		for _, cm := range s.Content {
			cm.Line = 0
			sc.Content = append(sc.Content, cm)
		}
		for _, q := range s.Levels {
			qc := *q
			qc.Line = 0
			sc.Levels = append(sc.Levels, &qc)
		}
		c.Streams = append(c.Streams, &sc)
	}
	return &c
}

func TestMarshalRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/manifests/*.xml")
	if len(files) < 15 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m, err := ParseManifestBytes(b, f)
			if err != nil {
				t.Fatal(err)
			}
			out := m.Marshal()
			m2, err := ParseManifestBytes(out, "marshalled")
			if err != nil {
				t.Fatalf("re-parse: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(comparable(m), comparable(m2)) {
				a, b := comparable(m), comparable(m2)
				for i := range a.Streams {
					if !reflect.DeepEqual(a.Streams[i], b.Streams[i]) {
						t.Errorf("stream %d differs:\n%+v\n%+v", i, a.Streams[i], b.Streams[i])
					}
				}
				t.Fatalf("parse(marshal(x)) != x")
			}
			// Marshal is stable: a second round gives the same bytes.
			if out2 := m2.Marshal(); string(out2) != string(out) {
				t.Errorf("marshal not stable")
			}
		})
	}
}
