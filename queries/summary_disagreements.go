package queries

import (
	"github.com/ownex/ownex/graph"
)

func category(st graph.Status) int {
	switch st {
	case graph.StatusDesignated:
		return 3
	case graph.StatusBlocked, graph.StatusOwned, graph.StatusControlled:
		return 2
	case graph.StatusUndetermined:
		return 1
	}
	return 0
}

func (z *summarizer) disagreements(s *Summary, top int) {
	if len(z.regimes) < 2 {
		return
	}
	var derived, listed []Disagreement
	for v := range int32(len(z.ids)) {
		c0 := category(z.status[0][v])
		differ, der := false, false
		for _, st := range z.status {
			c := category(st[v])
			differ = differ || c != c0
			der = der || c == 1 || c == 2
		}
		if !differ {
			continue
		}
		d := Disagreement{EntityRef: z.ref(v), Statuses: map[graph.Regime]graph.Status{}, Derived: der}
		for i, st := range z.status {
			d.Statuses[z.regimes[i]] = st[v]
		}
		if der {
			derived = append(derived, d)
		} else {
			listed = append(listed, d)
		}
	}
	s.DisagreementsTotal = len(derived) + len(listed)
	all := append(derived, listed...)
	s.Disagreements = all[:min(top*4, len(all))]
}
