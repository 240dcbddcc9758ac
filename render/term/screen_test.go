package term

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// cell is one character cell of a parsed screen; fg/bg -1 means default.
type cell struct {
	ch     rune
	fg, bg int64
}

// screen is a minimal terminal: it understands cursor moves (CSI H), SGR with
// 24-bit colours and resets, and printable characters; enough to check our output
// and tmux's capture-pane -e.
type screen struct {
	w, h  int
	cells []cell
}

func newScreen(w, h int) *screen {
	s := &screen{w: w, h: h, cells: make([]cell, w*h)}
	for i := range s.cells {
		s.cells[i] = cell{ch: ' ', fg: -1, bg: -1}
	}
	return s
}

func (s *screen) at(x, y int) cell { return s.cells[y*s.w+x] }

// feed interprets b. Lines separated by \n (capture-pane) start at the next row.
func (s *screen) feed(b []byte) error {
	x, y := 0, 0
	fg, bg := int64(-1), int64(-1)
	for len(b) > 0 {
		if b[0] == 0x1b {
			if len(b) < 2 || b[1] != '[' {
				return fmt.Errorf("escape without [ at %q", b[:min(len(b), 10)])
			}
			end := 2
			for end < len(b) && (b[end] >= '0' && b[end] <= '9' || b[end] == ';') {
				end++
			}
			if end == len(b) {
				return fmt.Errorf("unterminated CSI")
			}
			params := strings.Split(string(b[2:end]), ";")
			switch b[end] {
			case 'H':
				row, _ := strconv.Atoi(params[0])
				col := 1
				if len(params) > 1 {
					col, _ = strconv.Atoi(params[1])
				}
				x, y = col-1, row-1
			case 'm':
				for i := 0; i < len(params); i++ {
					switch params[i] {
					case "", "0":
						fg, bg = -1, -1
					case "39":
						fg = -1
					case "49":
						bg = -1
					case "38", "48":
						if i+4 >= len(params) || params[i+1] != "2" {
							return fmt.Errorf("unsupported colour %q", b[:end+1])
						}
						var c int64
						for k := 2; k <= 4; k++ {
							v, _ := strconv.Atoi(params[i+k])
							c = c<<8 | int64(v)
						}
						if params[i] == "38" {
							fg = c
						} else {
							bg = c
						}
						i += 4
					}
				}
			default:
				return fmt.Errorf("unsupported CSI %q", b[:end+1])
			}
			b = b[end+1:]
			continue
		}
		if b[0] == '\n' {
			x, y = 0, y+1
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if x >= 0 && x < s.w && y >= 0 && y < s.h {
			s.cells[y*s.w+x] = cell{ch: r, fg: fg, bg: bg}
		}
		x++
	}
	return nil
}

// near reports whether packed colours a and b differ by at most tol per channel.
func near(a, b int64, tol int64) bool {
	for sh := 0; sh < 24; sh += 8 {
		d := (a>>sh)&0xff - (b>>sh)&0xff
		if d < -tol || d > tol {
			return false
		}
	}
	return true
}
