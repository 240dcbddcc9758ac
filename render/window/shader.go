package window

// yuvShader converts a packed I420 texture to RGB. The texture holds four 8-bit
// samples per RGBA texel: the luma plane in rows [0, h), then U in rows [h, h+ch)
// and V in rows [h+ch, h+2ch), each row starting at texel 0. Vertices carry picture
// pixel coordinates as their source position (ebiten adds the texture's origin in
// its atlas, imageSrc0Origin(), which the shader takes off and puts back on the
// texels it reads); the shader finds the texels itself (nearest sample).
const yuvShader = `//kage:unit pixels

package main

// Rows is (luma height, first U row, first V row).
var Rows vec3
// Coef is (Y scale, R←V, G←U, G←V); BU is B←U.
var Coef vec4
var BU float

func sample(x, row float) float {
	t := imageSrc0At(imageSrc0Origin() + vec2(floor(x/4)+0.5, row+0.5))
	k := mod(x, 4)
	if k < 1 {
		return t.r
	}
	if k < 2 {
		return t.g
	}
	if k < 3 {
		return t.b
	}
	return t.a
}

func Fragment(dst vec4, src vec2, color vec4) vec4 {
	// In pixel mode src already includes the texture's origin in its atlas.
	p := src - imageSrc0Origin()
	x := floor(p.x)
	y := min(floor(p.y), Rows.x-1)
	cx := floor(x / 2)
	cy := floor(y / 2)
	yy := (sample(x, y)*255 - 16) * Coef.x
	u := sample(cx, Rows.y+cy)*255 - 128
	v := sample(cx, Rows.z+cy)*255 - 128
	r := yy + Coef.y*v
	g := yy - Coef.z*u - Coef.w*v
	b := yy + BU*u
	return vec4(clamp(vec3(r, g, b)/255, 0, 1), 1)
}
`
