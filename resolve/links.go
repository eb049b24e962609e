package resolve

import (
	"github.com/ownex/ownex/graph"
)

// SourceName is the provenance source of every link this package makes.
const SourceName = "resolve"

// LinkKey returns the key under which id links records, and the scheme
// named in the link's method, or ok false when id does not link: an
// unknown or non-linking scheme (passport, national-id, ru-kpp, crypto
// addresses …), an invalid value, or a registration/tax number without a
// country. Russian registration and tax numbers that are valid OGRNs and
// INNs link as ru-ogrn and ru-inn (OFAC publishes OGRNs as "Business
// Registration Number (Russia)"); "registration" in GB as gb-coh. SWIFT
// codes link on their first 8 characters (the institution).
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

// IdentifierLinks links entities (with different IDs) that share the
// LinkKey of an identifier. The output is a spanning set, linear in the
// input: each key's first holder is linked to every later holder (a
// star), and a pair already linked through an earlier key is not linked
// again. Method is "identifier:<scheme>", Score 1, Provenance
// {Source: "resolve", Record: the key}. Output order follows the input.
func IdentifierLinks(entities []graph.Entity) []graph.SameAs {
	first := make(map[string]string) // key -> first entity id
	seen := make(map[[2]string]bool)
	var out []graph.SameAs
	for i := range entities {
		e := &entities[i]
		for _, id := range e.Identifiers {
			key, scheme, ok := LinkKey(id)
			if !ok {
				continue
			}
			a, had := first[key]
			if !had {
				first[key] = e.ID
				continue
			}
			if a == e.ID {
				continue
			}
			p := [2]string{a, e.ID}
			if p[1] < p[0] {
				p[0], p[1] = p[1], p[0]
			}
			if seen[p] {
				continue
			}
			seen[p] = true
			out = append(out, graph.SameAs{A: a, B: e.ID, Method: "identifier:" + scheme, Score: 1,
				Provenance: graph.Provenance{Source: SourceName, Record: key}})
		}
	}
	return out
}
