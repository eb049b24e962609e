package resolve

// parties are the same-as clusters that Resolve builds up, link by link:
// a union-find over record indices that keeps each cluster's members, so
// that a link is only made when the party it would form is consistent
// (mergeBlock).
type parties struct {
	parent  []int
	members [][]int // of each root
}

func newParties(n int) *parties {
	p := &parties{parent: make([]int, n), members: make([][]int, n)}
	for i := range p.parent {
		p.parent[i] = i
		p.members[i] = []int{i}
	}
	return p
}

func (p *parties) find(i int) int {
	for p.parent[i] != i {
		p.parent[i] = p.parent[p.parent[i]]
		i = p.parent[i]
	}
	return i
}

func (p *parties) same(i, j int) bool { return p.find(i) == p.find(j) }

func (p *parties) union(i, j int) {
	ri, rj := p.find(i), p.find(j)
	if ri == rj {
		return
	}
	if len(p.members[ri]) < len(p.members[rj]) {
		ri, rj = rj, ri
	}
	p.parent[rj] = ri
	p.members[ri] = append(p.members[ri], p.members[rj]...)
	p.members[rj] = nil
}

// mergeBlock returns why the parties of i and j must not become one, or
// "": a record of one and a record of the other are two entries of one
// sanctions list, a pair a person rejected, or conflict (RULES.md: two
// entries of one list are different parties by the list's own account; a
// conflicting attribute vetoes every automatic link). Checking the whole
// parties, not only i and j, keeps a chain of links from joining what no
// single link may join.
func (p *parties) mergeBlock(i, j int, profiles []*profile, ids []string, rejected map[[2]string]bool) string {
	for _, x := range p.members[p.find(i)] {
		for _, y := range p.members[p.find(j)] {
			a, b := profiles[x], profiles[y]
			if l := sameList(a, b); l != "" {
				return "it would make one party of " + ids[x] + " and " + ids[y] + ", two entries of the list " + l
			}
			if rejected[pairOf(ids[x], ids[y])] {
				return "it would make one party of " + ids[x] + " and " + ids[y] + ", which a person rejected"
			}
			if c := conflicts(a, b); len(c) > 0 {
				return "it would make one party of " + ids[x] + " and " + ids[y] + ", whose " + c[0]
			}
		}
	}
	return ""
}

// pairOf returns a and b in byte order (graph.SameAs.Pair).
func pairOf(a, b string) [2]string {
	if b < a {
		return [2]string{b, a}
	}
	return [2]string{a, b}
}
