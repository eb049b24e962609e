package resolve

import (
	"strings"

	"github.com/ownex/ownex/graph"
)

// SourceName is the provenance source of every link this package makes.
const SourceName = "resolve"

// LinkKey returns the key under which id links records, and the scheme
// named in the link's method, or ok false when id does not link: an
// unknown or non-linking scheme (ru-kpp, crypto addresses …), an invalid
// value, a registration/tax number without a country, a passport or
// national id without a country or shorter than MinDocumentLength.
// Russian registration and tax numbers that are valid OGRNs and INNs
// link as ru-ogrn and ru-inn (OFAC publishes OGRNs as "Business
// Registration Number (Russia)"); "registration" in GB as gb-coh. SWIFT
// codes link on their first 8 characters (the institution). A passport
// or national id links with its country (RULES.md: "a passport or
// national id with its country" identifies a person).
func LinkKey(id graph.Identifier) (key, scheme string, ok bool) {
	n, err := NormalizeIdentifier(id)
	if err != nil {
		return "", "", false
	}
	switch n.Scheme {
	case SchemeLEI, SchemeIMO, SchemeGBCoH, SchemeINN, SchemeOGRN, SchemeMMSI:
		return n.Scheme + ":" + n.Value, n.Scheme, true
	case SchemeSWIFT:
		return n.Scheme + ":" + n.Value[:8], n.Scheme, true
	case schemePassport, schemeNationalID:
		if n.Country == "" || len(n.Value) < MinDocumentLength {
			return "", "", false
		}
		return n.Scheme + ":" + n.Country + ":" + n.Value, n.Scheme, true
	case SchemeRegistration, SchemeTax:
		if n.Country == "" {
			return "", "", false
		}
		if n.Country == "RU" {
			if v, err := normOGRN(n.Value); err == nil && n.Scheme == SchemeRegistration {
				return SchemeOGRN + ":" + v, SchemeOGRN, true
			}
			if v, err := normINN(n.Value); err == nil {
				return SchemeINN + ":" + v, SchemeINN, true
			}
		}
		if n.Country == "GB" && n.Scheme == SchemeRegistration {
			if v, err := normCoH(n.Value); err == nil {
				return SchemeGBCoH + ":" + v, SchemeGBCoH, true
			}
		}
		return n.Scheme + ":" + n.Country + ":" + n.Value, n.Scheme, true
	}
	return "", "", false
}

// MaxIdentifierGroup is the largest group of records sharing one link key
// whose every pair is a candidate; a larger group (a number shared by
// many records: a data error more than a party) gives the pairs of its
// first record with each other.
const MaxIdentifierGroup = 32

// identifierPairs returns the pairs of entities (indices, first < second
// in input order) that share a link key (LinkKey of an identifier, or an
// aircraft registration mark), each once with the first key they share,
// in input order.
func identifierPairs(entities []graph.Entity) []idPair {
	var keys []string
	groups := make(map[string][]int)
	for i := range entities {
		e := &entities[i]
		add := func(key string) {
			g := groups[key]
			if len(g) > 0 && g[len(g)-1] == i {
				return
			}
			if g == nil {
				keys = append(keys, key)
			}
			groups[key] = append(g, i)
		}
		for _, id := range e.Identifiers {
			if key, _, ok := LinkKey(id); ok {
				add(key)
			}
		}
		for _, key := range aircraftKeys(e) {
			add(key)
		}
	}
	seen := make(map[[2]int]bool)
	var out []idPair
	for _, key := range keys {
		g := groups[key]
		for x := 0; x < len(g); x++ {
			for y := x + 1; y < len(g); y++ {
				p := [2]int{g[x], g[y]}
				if entities[p[0]].ID == entities[p[1]].ID || seen[p] {
					continue
				}
				seen[p] = true
				out = append(out, idPair{i: p[0], j: p[1], key: key})
			}
			if len(g) > MaxIdentifierGroup {
				break // a star from the first record
			}
		}
	}
	return out
}

// idPair is two entities sharing the link key key.
type idPair struct {
	i, j int
	key  string
}

// keyScheme is the scheme named in a link key's method.
func keyScheme(key string) string {
	s, _, _ := strings.Cut(key, ":")
	return s
}
