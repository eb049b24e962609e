package report

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// svgMaxNodes caps the nodes drawn for one proof; the rest is counted in
// a note under the drawing.
const svgMaxNodes = 40

// Layout of ProofSVG, in pixels.
const (
	svgBoxW, svgBoxH = 180, 40
	svgGapX, svgGapY = 24, 56
	svgPad           = 12
	svgLoop          = 20 // how far right of the boxes the first curve bends
	svgLoopStep      = 26 // and each further one
)

type svgNode struct {
	id, name string
	status   graph.Status
	depth    int // distance below the designated roots is maxDepth-depth
}

type svgEdge struct {
	from, to string
	label    string
	control  bool
}

// ProofSVG draws a proof as a small layered ownership graph in inline SVG:
// the designated parties on top, the screened entity at the bottom, one
// box per entity coloured by its status, ownership edges labelled with
// the counted share and control edges dashed with their basis. key makes
// the SVG's internal ids unique within a page. No script, no external
// reference.
func ProofSVG(p *graph.Proof, key string) template.HTML {
	if p == nil {
		return ""
	}
	nodes := map[string]*svgNode{}
	var order []string
	var edges []svgEdge
	seenEdge := map[string]bool{}
	dropped := 0
	var walk func(id, name string, st graph.Status, p *graph.Proof, depth int)
	walk = func(id, name string, st graph.Status, p *graph.Proof, depth int) {
		n := nodes[id]
		if n == nil {
			if len(nodes) >= svgMaxNodes {
				dropped++
				return
			}
			n = &svgNode{id: id, name: name, status: st}
			nodes[id] = n
			order = append(order, id)
		}
		if depth > n.depth {
			n.depth = depth
		}
		if p == nil || depth > svgMaxNodes {
			return
		}
		for _, h := range p.Holdings {
			walk(h.Holding.Owner, h.OwnerName, h.OwnerStatus, h.OwnerProof, depth+1)
			k := h.Holding.Owner + "\x00" + id + "\x00h"
			if nodes[h.Holding.Owner] != nil && !seenEdge[k] {
				seenEdge[k] = true
				edges = append(edges, svgEdge{from: h.Holding.Owner, to: id, label: pctLabel(h.CountedShare)})
			}
		}
		for _, c := range p.Controls {
			walk(c.Control.Controller, c.ControllerName, c.ControllerStatus, c.ControllerProof, depth+1)
			k := c.Control.Controller + "\x00" + id + "\x00c"
			if nodes[c.Control.Controller] != nil && !seenEdge[k] {
				seenEdge[k] = true
				edges = append(edges, svgEdge{from: c.Control.Controller, to: id, label: string(c.Basis), control: true})
			}
		}
	}
	walk(p.Entity, p.Name, p.Status, p, 0)

	maxDepth := 0
	for _, n := range nodes {
		maxDepth = max(maxDepth, n.depth)
	}
	layers := make([][]*svgNode, maxDepth+1)
	for _, id := range order {
		n := nodes[id]
		l := maxDepth - n.depth
		layers[l] = append(layers[l], n)
	}
	widest := 1
	for _, l := range layers {
		sort.SliceStable(l, func(i, j int) bool { return l[i].id < l[j].id })
		widest = max(widest, len(l))
	}
	layerOf := map[string]int{}
	for li, l := range layers {
		for _, n := range l {
			layerOf[n.id] = li
		}
	}
	// Edges that skip a layer are drawn as curves to the right of the
	// boxes, each a little further out, so that they cross no box.
	long := 0
	for _, e := range edges {
		if layerOf[e.to]-layerOf[e.from] > 1 {
			long++
		}
	}
	curveW := 0
	if long > 0 {
		curveW = svgLoop + long*svgLoopStep + 30
	}
	inner := widest*svgBoxW + (widest-1)*svgGapX
	width := svgPad*2 + inner + curveW
	height := svgPad*2 + len(layers)*svgBoxH + (len(layers)-1)*svgGapY
	type pos struct{ x, y int }
	at := map[string]pos{}
	for li, l := range layers {
		row := len(l)*svgBoxW + (len(l)-1)*svgGapX
		x0 := svgPad + (inner-row)/2
		for i, n := range l {
			at[n.id] = pos{x0 + i*(svgBoxW+svgGapX), svgPad + li*(svgBoxH+svgGapY)}
		}
	}
	mk := "arrow-" + svgID(key)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="proof" role="img" width="%d" height="%d" viewBox="0 0 %d %d">`,
		width, height, width, height)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(p.Name+" ("+p.Entity+"): "+string(p.Regime)+" "+string(p.Status)))
	fmt.Fprintf(&b, `<defs><marker id="%s" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#475569"/></marker></defs>`, mk)
	k := 0
	for _, e := range edges {
		a, c := at[e.from], at[e.to]
		dash := ""
		if e.control {
			dash = ` stroke-dasharray="5,4"`
		}
		var mx, my int
		if layerOf[e.to]-layerOf[e.from] > 1 {
			k++
			x1, y1 := a.x+svgBoxW, a.y+svgBoxH/2
			x2, y2 := c.x+svgBoxW, c.y+svgBoxH/2
			cx := svgPad + inner + svgLoop + k*svgLoopStep
			fmt.Fprintf(&b, `<path d="M%d,%d C%d,%d %d,%d %d,%d" fill="none" stroke="#475569" stroke-width="1.5"%s marker-end="url(#%s)"/>`,
				x1, y1, cx, y1, cx, y2, x2, y2, dash, mk)
			mx, my = (x1+x2)/8+cx*3/4, (y1+y2)/2
		} else {
			x1, y1 := a.x+svgBoxW/2, a.y+svgBoxH
			x2, y2 := c.x+svgBoxW/2, c.y
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#475569" stroke-width="1.5"%s marker-end="url(#%s)"/>`,
				x1, y1, x2, y2, dash, mk)
			mx, my = (x1+x2)/2+4, (y1+y2)/2
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="edge" text-anchor="middle" font-size="11" fill="#0f172a" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text>`,
			mx, my+4, esc(e.label))
	}
	for _, id := range order {
		n := nodes[id]
		q := at[id]
		fill, ink := statusColours(n.status)
		stroke := "#334155"
		sw := "1"
		if id == p.Entity {
			sw = "2.5"
		}
		fmt.Fprintf(&b, `<g><title>%s</title><rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="%s" stroke-width="%s"/>`,
			esc(n.name+" ("+n.id+"): "+string(n.status)), q.x, q.y, svgBoxW, svgBoxH, fill, stroke, sw)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12" font-weight="600" fill="%s">%s</text>`,
			q.x+svgBoxW/2, q.y+16, ink, esc(shorten(n.name, 26)))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="10" fill="%s">%s</text></g>`,
			q.x+svgBoxW/2, q.y+31, ink, esc(string(n.status)+" · "+shorten(n.id, 20)))
	}
	b.WriteString(`</svg>`)
	if dropped > 0 {
		fmt.Fprintf(&b, `<p class="note">%d more parties of this proof are not drawn; see the proof text.</p>`, dropped)
	}
	return template.HTML(b.String()) //nolint:gosec // every text above is escaped
}

func esc(s string) string { return html.EscapeString(s) }

// svgID keeps the characters that are safe in an XML id.
func svgID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func pctLabel(r graph.Range) string {
	if r.IsUnknown() {
		return "? %"
	}
	return r.String() + " %"
}

// statusColours returns the fill and text colours of a status.
func statusColours(st graph.Status) (fill, ink string) {
	switch st {
	case graph.StatusDesignated:
		return "#b91c1c", "#ffffff"
	case graph.StatusBlocked, graph.StatusOwned:
		return "#ea580c", "#ffffff"
	case graph.StatusControlled:
		return "#c2410c", "#ffffff"
	case graph.StatusUndetermined:
		return "#fde047", "#1e293b"
	}
	return "#e2e8f0", "#1e293b"
}
