package smooth

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// attrs reads the attributes of one element, case-insensitively by name, and records the
// first error with the element's name. Attributes never read are the element's extras.
type attrs struct {
	elem string
	list []xml.Attr
	used []bool
	err  error
}

func newAttrs(se xml.StartElement) *attrs {
	return &attrs{elem: se.Name.Local, list: se.Attr, used: make([]bool, len(se.Attr))}
}

func (a *attrs) lookup(name string) (string, bool) {
	for i, at := range a.list {
		if at.Name.Space == "" && strings.EqualFold(at.Name.Local, name) {
			a.used[i] = true
			return at.Value, true
		}
	}
	return "", false
}

func (a *attrs) fail(format string, args ...any) {
	if a.err == nil {
		a.err = fmt.Errorf("%s %s", a.elem, fmt.Sprintf(format, args...))
	}
}

func (a *attrs) str(name string) string {
	v, _ := a.lookup(name)
	return v
}

func (a *attrs) required(name string) (string, bool) {
	v, ok := a.lookup(name)
	if !ok {
		a.fail("has no %s attribute (required)", name)
	}
	return v, ok
}

// u64 reads an unsigned 64-bit decimal; def when absent.
func (a *attrs) u64(name string, def uint64) (uint64, bool) {
	v, ok := a.lookup(name)
	if !ok {
		return def, false
	}
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
	if err != nil {
		a.fail("%s %q: %s", name, v, numErr(err, "an unsigned integer"))
		return def, false
	}
	return n, true
}

// intAttr reads a non-negative int that fits 32 bits; def when absent.
func (a *attrs) intAttr(name string, def int) int {
	v, ok := a.lookup(name)
	if !ok {
		return def
	}
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 32)
	if err != nil {
		a.fail("%s %q: %s", name, v, numErr(err, "a non-negative 32-bit integer"))
		return def
	}
	return int(n)
}

// boolAttr reads TRUE/FALSE case-insensitively; nil when absent.
func (a *attrs) boolAttr(name string) *bool {
	v, ok := a.lookup(name)
	if !ok {
		return nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1":
		b := true
		return &b
	case "false", "0":
		b := false
		return &b
	}
	a.fail("%s %q: not a boolean (TRUE or FALSE)", name, v)
	return nil
}

// extra returns the attributes that were never read.
func (a *attrs) extra() []xml.Attr {
	var out []xml.Attr
	for i, at := range a.list {
		if !a.used[i] {
			out = append(out, at)
		}
	}
	return out
}

func numErr(err error, what string) string {
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return "out of range for " + what
	}
	return "not " + what
}
