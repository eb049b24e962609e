package resolve

import (
	"math"

	"github.com/ownex/ownex/graph"
)

// descriptors are the generic words of organisation names: the activity
// or the kind of undertaking (INVESTMENT, TRADING, GROUP, SHIPPING …) and
// the kind of body (FOUNDATION, ARMY, FRONT, BANK, PARTY …, in English,
// in the transliterated Arabic of the lists — JAISH army, JABHAT front,
// HARAKAT movement, HIZB party, JAMAAT group, TANZIM organisation, KATAIB
// brigades, MUASSASAT foundation, KHAYRIYYA charitable, JIHAD struggle —
// and in Spanish), as opposed to the distinctive element (GHADIR,
// IZHMASH, AQSA). In trademark and company-name law they are the
// descriptive part; they identify little, so they weigh
// DescriptorWeight, and a short form keeps the distinctive element, not
// them (nameSim: sibling shape; containable needs a matched weight-1
// token).
var descriptors = map[string]bool{}

func init() {
	for _, w := range []string{
		"investment", "investments", "invest", "trading", "trade", "traders", "group", "holding", "holdings",
		"industries", "industry", "industrial", "international", "enterprise", "enterprises", "services",
		"service", "shipping", "construction", "development", "general", "commercial", "engineering",
		"technology", "technologies", "import", "export", "manufacturing", "management", "partners",
		"consulting", "logistics", "resources", "ventures", "capital", "finance", "financial", "global",
		"national", "united", "company", "companies", "corporation", "establishment", "agency", "office",
		// kinds of body
		"people", "peoples", "army", "front", "bank", "foundation", "organization", "organisation",
		"association", "society", "movement", "party", "council", "committee", "union", "league",
		"federation", "alliance", "network", "institute", "institution", "center", "centre", "charity",
		"charitable", "fund", "trust", "brigade", "brigades", "battalion", "force", "forces", "islamic",
		"liberation", "revolutionary", "popular", "democratic", "republic", "state", "ministry",
		// transliterated Arabic
		"jaish", "jaysh", "jabhat", "jabha", "harakat", "haraka", "hizb", "jamaat", "jamaa", "jamiat",
		"jamiyat", "jamiya", "tanzim", "kataib", "katibat", "katiba", "liwa", "muassasat", "muassasa",
		"khayriyya", "khairiya", "islami", "islamiya", "islamiyya", "jihad", "mujahidin", "mujahideen",
		// Spanish
		"banco", "grupo", "fundacion", "asociacion", "frente", "ejercito", "movimiento", "partido",
		"inversiones", "comercializadora", "inmobiliaria", "servicios", "constructora", "distribuidora",
		"internacional", "industrias", "empresa", "compania", "sociedad",
	} {
		descriptors[w] = true
	}
}

// DescriptorWeight is the token weight of a company-name descriptor.
const DescriptorWeight = 0.5

// Stats holds the token frequencies of an entity population: in how
// many entities (each counted once, all its names together) each token
// skeleton occurs. ScoreWith and Resolve (over all the entities it is
// given) weigh a token by its rarity in the population (rarity).
type Stats struct {
	n  int
	df map[string]int32
}

// NewStats counts the token skeletons of entities.
func NewStats(entities []graph.Entity) *Stats {
	ps := make([]*prepared, len(entities))
	for i := range entities {
		ps[i] = prepare(&entities[i])
	}
	return statsOf(ps)
}

func statsOf(ps []*prepared) *Stats {
	st := &Stats{df: make(map[string]int32)}
	seen := make(map[string]bool)
	for _, p := range ps {
		st.count(p, seen)
	}
	return st
}

// count adds one entity, p, to st: each distinct skeleton of its names
// once. seen is scratch space.
func (st *Stats) count(p *prepared, seen map[string]bool) {
	st.n++
	clear(seen)
	for _, n := range p.names {
		for k := range n.info {
			if s := n.info[k].skel; !seen[s] {
				seen[s] = true
				st.df[s]++
			}
		}
	}
}

// Rarity parameters (docs/RESOLVE.md).
const (
	// CommonShare is the share of entities from which a token starts to
	// weigh less than its static weight.
	CommonShare = 0.02
	// CommonDF is the number of entities a token must exceed as well to
	// weigh less: one party has at most tens of records (aliases, several
	// lists), so a token only a few dozen entities share may be one
	// party's name, not a generic word.
	CommonDF = 100
	// RarityFloor is the lowest rarity factor (a token held by every
	// entity).
	RarityFloor = 0.3
)

// rarity is the factor of a token held by df of n entities: 1 up to
// max(CommonShare·n, CommonDF) entities, then falling with the inverse
// document frequency, log(n/df)/log(1/CommonShare), to RarityFloor.
func (st *Stats) rarity(skel string) float64 {
	if st == nil {
		return 1
	}
	df := float64(st.df[skel])
	if df <= max(CommonShare*float64(st.n), CommonDF) {
		return 1
	}
	return max(RarityFloor, math.Log(float64(st.n)/df)/math.Log(1/CommonShare))
}

// reweigh multiplies the token weights of p's names by their rarity.
func (st *Stats) reweigh(p *prepared) {
	if st == nil {
		return
	}
	for i := range p.names {
		n := &p.names[i]
		n.weight = 0
		for k := range n.w {
			n.w[k] *= st.rarity(n.info[k].skel)
			n.weight += n.w[k]
		}
	}
}

// ScoreWith is Score with token weights scaled by their rarity in the
// population st (NewStats); a nil st is Score.
func ScoreWith(a, b graph.Entity, st *Stats) float64 {
	pa, pb := prepare(&a), prepare(&b)
	st.reweigh(pa)
	st.reweigh(pb)
	return score(pa, pb).s
}
