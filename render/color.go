package render

// Matrix is a limited-range YUV→RGB conversion: R = Y'·(Y−16) + RV·(V−128),
// G = Y'·(Y−16) − GU·(U−128) − GV·(V−128), B = Y'·(Y−16) + BU·(U−128), with the
// coefficients below (Y' is YScale). The window's shader and the terminal renderer
// use the same values so that both show the same colours.
type Matrix struct {
	Name                   string
	YScale, RV, GU, GV, BU float64
}

// BT601 is the SD matrix (and swscale's default).
var BT601 = Matrix{Name: "bt601", YScale: 255.0 / 219, RV: 1.402 * 255 / 224, GU: 0.344136 * 255 / 224, GV: 0.714136 * 255 / 224, BU: 1.772 * 255 / 224}

// BT709 is the HD matrix.
var BT709 = Matrix{Name: "bt709", YScale: 255.0 / 219, RV: 1.5748 * 255 / 224, GU: 0.187324 * 255 / 224, GV: 0.468124 * 255 / 224, BU: 1.8556 * 255 / 224}

// MatrixFor picks the matrix a stream without colour metadata most likely uses:
// BT.709 from 720 lines up (or wider than 1024), BT.601 below, as players do.
func MatrixFor(width, height int) Matrix {
	if height >= 720 || width > 1024 {
		return BT709
	}
	return BT601
}

// Converter converts single pixels with m in 16.16 fixed point.
type Converter struct {
	y, rv, gu, gv, bu int32
}

// NewConverter prepares m for fast per-pixel use.
func NewConverter(m Matrix) Converter {
	f := func(x float64) int32 { return int32(x*65536 + 0.5) }
	return Converter{y: f(m.YScale), rv: f(m.RV), gu: f(m.GU), gv: f(m.GV), bu: f(m.BU)}
}

// RGB converts one limited-range YUV sample to 8-bit RGB, clamping.
func (c Converter) RGB(y, u, v byte) (r, g, b byte) {
	yy := (int32(y) - 16) * c.y
	uu := int32(u) - 128
	vv := int32(v) - 128
	const half = 1 << 15
	return clamp8((yy + c.rv*vv + half) >> 16),
		clamp8((yy - c.gu*uu - c.gv*vv + half) >> 16),
		clamp8((yy + c.bu*uu + half) >> 16)
}

func clamp8(x int32) byte {
	if x < 0 {
		return 0
	}
	if x > 255 {
		return 255
	}
	return byte(x)
}

// RGBToYUV converts 8-bit RGB to limited-range YUV with m; tests use it to make
// frames of known colours.
func RGBToYUV(m Matrix, r, g, b byte) (y, u, v byte) {
	// Invert the matrix in normalized form: Kr, Kb from RV and BU.
	kr := 1 - m.RV*224/255/2
	kb := 1 - m.BU*224/255/2
	kg := 1 - kr - kb
	R, G, B := float64(r)/255, float64(g)/255, float64(b)/255
	Y := kr*R + kg*G + kb*B
	U := (B - Y) / (2 * (1 - kb))
	V := (R - Y) / (2 * (1 - kr))
	round := func(x float64) byte { return clamp8(int32(x + 0.5)) }
	return round(16 + 219*Y), round(128 + 224*U), round(128 + 224*V)
}
