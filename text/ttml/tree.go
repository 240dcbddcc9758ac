package ttml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits.
const (
	MaxInput = 64 << 20
	MaxDepth = 64
	MaxCues  = 100000
)

const (
	nsTTML   = "http://www.w3.org/ns/ttml"
	nsDFXP   = "http://www.w3.org/2006/10/ttaf1"
	nsDFXP04 = "http://www.w3.org/2006/04/ttaf1"
	nsXML    = "http://www.w3.org/XML/1998/namespace"
)

// node is an element (name set) or character data (name empty) of the document.
type node struct {
	name     string // local name; "" for text
	ns       string
	attrs    []xml.Attr
	children []*node
	text     string
	line     int
}

func ttmlNS(ns string) bool {
	switch ns {
	case "", nsTTML, nsDFXP, nsDFXP04:
		return true
	}
	return false
}

func styleNS(ns string) bool {
	return ns == "tts" || strings.HasSuffix(ns, "#styling") || strings.HasSuffix(ns, "#style")
}

func paramNS(ns string) bool {
	return ns == "ttp" || strings.HasSuffix(ns, "#parameter")
}

// attr is an attribute in no namespace (begin, end, style, region...).
func (n *node) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

func (n *node) xmlAttr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == name && (a.Name.Space == nsXML || a.Name.Space == "xml") {
			return a.Value, true
		}
	}
	return "", false
}

func (n *node) param(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == name && paramNS(a.Name.Space) {
			return a.Value, true
		}
	}
	return "", false
}

// is reports whether n is the TTML element local.
func (n *node) is(local string) bool { return n.name == local && ttmlNS(n.ns) }

func (n *node) child(local string) *node {
	for _, c := range n.children {
		if c.is(local) {
			return c
		}
	}
	return nil
}

// readTree decodes the whole document into a tree, enforcing the size and depth
// limits.
func readTree(doc []byte) (*node, error) {
	if len(doc) > MaxInput {
		return nil, &Error{Err: fmt.Errorf("%d bytes: %w (limit %d)", len(doc), ErrTooLarge, MaxInput)}
	}
	doc = bytes.TrimPrefix(doc, []byte("\xEF\xBB\xBF"))
	doc = bytes.TrimRight(doc, "\x00 \t\r\n") // MSS samples may be padded with NULs
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charsetReader
	var root *node
	var stack []*node
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &Error{Line: se.Line, Err: errors.New(se.Msg)}
			}
			return nil, &Error{Line: line, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= MaxDepth {
				return nil, errAt(line, "<%s>: %w (limit %d)", t.Name.Local, ErrTooDeep, MaxDepth)
			}
			n := &node{name: t.Name.Local, ns: t.Name.Space, attrs: t.Attr, line: line}
			if len(stack) == 0 {
				if root != nil {
					return nil, errAt(line, "second root element <%s>", t.Name.Local)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, &node{text: string(t), line: line})
			}
		}
	}
	if root == nil {
		return nil, &Error{Err: errors.New("no root element")}
	}
	if root.name != "tt" {
		return nil, errAt(root.line, "root element <%s>, not <tt>", root.name)
	}
	if !ttmlNS(root.ns) {
		return nil, errAt(root.line, "<tt> in namespace %q, not TTML (%s) or DFXP (%s)", root.ns, nsTTML, nsDFXP)
	}
	return root, nil
}

// charsetReader accepts the encodings TTML documents declare in practice besides
// UTF-8: US-ASCII and ISO-8859-1.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1", "windows-1252":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return strings.NewReader(string(r)), nil
	}
	return nil, fmt.Errorf("encoding %q not supported", label)
}
