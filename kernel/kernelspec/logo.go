package kernelspec

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// The logo is described once, as shapes in a 64×64 box, and both the SVG
// and the PNGs are produced from that description. Drawing at install time
// instead of committing binary images keeps the three files in step and the
// repository free of blobs that nobody can review.

const logoBox = 64.0

var (
	goBlue    = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	sparkOrg  = color.NRGBA{0xFF, 0x8A, 0x1F, 0xFF}
	sparkGlow = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

// logoCorner is the radius of the background square's corners.
const logoCorner = 14.0

type point struct{ x, y float64 }

// sparkle returns the eight corners of a four-pointed star: long rays up,
// right, down and left, joined through a pinched waist, which reads as a
// spark even at 32 pixels.
func sparkle(cx, cy, outer, inner float64) []point {
	// Directions of the rays and of the waist points, clockwise from up;
	// 0.7071 is cos 45°.
	const d = 0.70710678
	return []point{
		{cx, cy - outer},
		{cx + inner*d, cy - inner*d},
		{cx + outer, cy},
		{cx + inner*d, cy + inner*d},
		{cx, cy + outer},
		{cx - inner*d, cy + inner*d},
		{cx - outer, cy},
		{cx - inner*d, cy - inner*d},
	}
}

var (
	bigSpark   = sparkle(29, 35, 23, 6.5)
	smallSpark = sparkle(48.5, 14.5, 8.5, 2.2)
)

// logoSVG returns the scalable logo.
func logoSVG() []byte {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` + "\n")
	fmt.Fprintf(&b, ` <rect width="64" height="64" rx="%g" fill="%s"/>`+"\n", logoCorner, hexColor(goBlue))
	fmt.Fprintf(&b, ` <polygon points="%s" fill="%s"/>`+"\n", svgPoints(bigSpark), hexColor(sparkOrg))
	fmt.Fprintf(&b, ` <polygon points="%s" fill="%s"/>`+"\n", svgPoints(smallSpark), hexColor(sparkGlow))
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

func svgPoints(ps []point) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = fmt.Sprintf("%.2f,%.2f", p.x, p.y)
	}
	return strings.Join(s, " ")
}

func hexColor(c color.NRGBA) string {
	return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B)
}

// logoPNG rasterises the logo at size×size pixels. Each pixel averages a
// grid of samples so that edges are anti-aliased without a vector library.
func logoPNG(size int) ([]byte, error) {
	const grid = 5
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := logoBox / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			// Sum premultiplied channels so that transparent samples do not
			// darken the edge.
			var r, g, bl, a float64
			for sy := 0; sy < grid; sy++ {
				for sx := 0; sx < grid; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/grid) * scale
					y := (float64(py) + (float64(sy)+0.5)/grid) * scale
					c, ok := logoAt(point{x, y})
					if !ok {
						continue
					}
					r += float64(c.R)
					g += float64(c.G)
					bl += float64(c.B)
					a += 255
				}
			}
			if a == 0 {
				continue
			}
			n := float64(grid * grid)
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(r/(a/255) + 0.5),
				G: uint8(g/(a/255) + 0.5),
				B: uint8(bl/(a/255) + 0.5),
				A: uint8(a/n + 0.5),
			})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// logoAt is the colour of the topmost shape at p, if any.
func logoAt(p point) (color.NRGBA, bool) {
	switch {
	case inPolygon(p, smallSpark):
		return sparkGlow, true
	case inPolygon(p, bigSpark):
		return sparkOrg, true
	case inRoundedSquare(p):
		return goBlue, true
	}
	return color.NRGBA{}, false
}

func inRoundedSquare(p point) bool {
	if p.x < 0 || p.y < 0 || p.x > logoBox || p.y > logoBox {
		return false
	}
	cx := min(max(p.x, logoCorner), logoBox-logoCorner)
	cy := min(max(p.y, logoCorner), logoBox-logoCorner)
	dx, dy := p.x-cx, p.y-cy
	return dx*dx+dy*dy <= logoCorner*logoCorner
}

// inPolygon is the even-odd rule: a ray from p crosses the outline an odd
// number of times when p is inside.
func inPolygon(p point, poly []point) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.y > p.y) != (b.y > p.y) && p.x < (b.x-a.x)*(p.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}
