package ofacxml

import (
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// kindOf maps PartyType / PartySubType text to a kind.
func kindOf(texts ...string) graph.Kind {
	for _, t := range texts {
		switch strings.ToLower(t) {
		case "individual":
			return graph.KindPerson
		case "entity":
			return graph.KindCompany
		case "vessel":
			return graph.KindVessel
		case "aircraft":
			return graph.KindAircraft
		}
	}
	return graph.KindUnknown
}

func (a *advanced) party(line int, x *xParty) *ingest.RowError {
	fixed := strings.TrimSpace(x.FixedRef)
	if fixed == "" {
		return recErr(a.name, line, recName("DistinctParty", "", line), "no FixedRef")
	}
	if e := a.p.ids.Seen(a.name, "FixedRef", fixed, line); e != nil {
		return e
	}
	rec := "DistinctParty FixedRef=" + fixed
	if len(x.Profiles) == 0 {
		return recErr(a.name, line, rec, "no Profile")
	}
	id := "ofac:" + fixed
	ent := graph.Entity{ID: id, Kind: graph.KindUnknown, Provenance: graph.Provenance{Source: a.list, Record: "FixedRef=" + fixed}}
	var names []string // primary alias names, first is the name
	var profileIDs []string
	var usedIdentities []string
	for _, pr := range x.Profiles {
		pid := strings.TrimSpace(pr.ID)
		if pid == "" {
			pid = fixed
		}
		profileIDs = append(profileIDs, pid)
		if ent.Kind == graph.KindUnknown {
			sub, ok := a.lookup("PartySubType", pr.PartySubTypeID)
			if !ok {
				return recErr(a.name, line, rec, "unknown PartySubTypeID %q", pr.PartySubTypeID)
			}
			typ, _ := a.lookup("PartyType", a.partyType[strings.TrimSpace(pr.PartySubTypeID)])
			ent.Kind = kindOf(typ, sub)
		}
		for _, idn := range pr.Identities {
			groups := make(map[string]string, len(idn.Groups))
			for _, g := range idn.Groups {
				t, ok := a.lookup("NamePartType", g.NamePartTypeID)
				if !ok {
					return recErr(a.name, line, rec, "unknown NamePartTypeID %q", g.NamePartTypeID)
				}
				groups[strings.TrimSpace(g.ID)] = t
			}
			for _, al := range idn.Aliases {
				at, ok := a.lookup("AliasType", al.AliasTypeID)
				if !ok {
					return recErr(a.name, line, rec, "unknown AliasTypeID %q", al.AliasTypeID)
				}
				primary := al.Primary == "true" || strings.EqualFold(at, "Name")
				weak := al.LowQuality == "true"
				for _, dn := range al.Names {
					var last, given, other []string
					for _, part := range dn.Parts {
						v := ingest.Clean(part.Text)
						if v == "" {
							continue
						}
						t, ok := groups[strings.TrimSpace(part.GroupID)]
						if !ok {
							return recErr(a.name, line, rec, "name part refers to unknown NamePartGroupID %q", part.GroupID)
						}
						switch strings.ToLower(t) {
						case "last name":
							last = append(last, v)
						case "first name", "middle name", "patronymic", "matronymic":
							given = append(given, v)
						default:
							other = append(other, v)
						}
					}
					n := ""
					if len(other) == 0 {
						n = personName(strings.Join(last, " "), strings.Join(given, " "))
					} else {
						n = ingest.Clean(strings.Join(append(append(last, given...), other...), " "))
					}
					switch {
					case n == "":
					case primary && idn.Primary != "false":
						names = ingest.AppendNew(names, n)
					case weak:
						ent.WeakAliases = ingest.AppendNew(ent.WeakAliases, n)
					default:
						ent.Aliases = ingest.AppendNew(ent.Aliases, n)
					}
				}
			}
			iid := strings.TrimSpace(idn.ID)
			for _, ident := range a.docs[iid] {
				ident.Country = ingest.Country(&ent, ident.Country)
				ent.Identifiers = addIdentifier(ent.Identifiers, ident)
			}
			usedIdentities = append(usedIdentities, iid)
		}
		for _, f := range pr.Features {
			if e := a.feature(line, rec, &ent, &f); e != nil {
				return e
			}
		}
	}
	if len(names) == 0 {
		if len(ent.Aliases) == 0 {
			return recErr(a.name, line, rec, "no name: no primary alias and no other alias")
		}
		names = ent.Aliases[:1]
		ent.Aliases = ent.Aliases[1:]
	}
	ent.Name = names[0]
	var aliases []string
	for _, n := range names[1:] {
		if n != ent.Name {
			aliases = ingest.AppendNew(aliases, n)
		}
	}
	for _, n := range ent.Aliases {
		if n != ent.Name {
			aliases = ingest.AppendNew(aliases, n)
		}
	}
	ent.Aliases = aliases
	var weak []string
	for _, n := range ent.WeakAliases {
		if n != ent.Name {
			weak = ingest.AppendNew(weak, n)
		}
	}
	ent.WeakAliases = weak

	for _, pid := range profileIDs {
		a.profiles.put(pid, fixed)
	}
	for _, iid := range usedIdentities {
		delete(a.docs, iid)
	}
	a.p.Batch().Entities = append(a.p.Batch().Entities, ent)
	return nil
}

func (a *advanced) sanctionsEntry(line int, x *xSanctionsEntry) *ingest.RowError {
	eid := strings.TrimSpace(x.ID)
	rec := recName("SanctionsEntry", eid, line)
	fixed, ok := a.profiles.get(strings.TrimSpace(x.ProfileID))
	if !ok {
		return recErr(a.name, line, rec, "ProfileID %q is no profile of this file", x.ProfileID)
	}
	regime := RegimeSDN
	if a.list == ListCons {
		regime = RegimeNonSDN
	}
	if l := strings.TrimSpace(x.ListID); l != "" {
		text, ok := a.lookup("List", l)
		if !ok {
			return recErr(a.name, line, rec, "unknown ListID %q", l)
		}
		if strings.EqualFold(text, "SDN List") {
			regime = RegimeSDN
		} else {
			regime = RegimeNonSDN
		}
	}
	var listed graph.Date
	for _, ev := range x.Events {
		if ev.Date == nil {
			continue
		}
		v, err := ev.Date.parse()
		if err != nil {
			return recErr(a.name, line, rec, "EntryEvent Date: %v", err)
		}
		if d := graph.Date(v.lo().format()); listed == "" || d < listed {
			listed = d
		}
	}
	var programs []string
	for _, m := range x.Measures {
		t, ok := a.lookup("SanctionsType", m.SanctionsTypeID)
		if !ok {
			return recErr(a.name, line, rec, "unknown SanctionsTypeID %q", m.SanctionsTypeID)
		}
		if strings.EqualFold(t, "Program") {
			programs = ingest.AppendNew(programs, ingest.Clean(m.Comment))
		}
	}
	id := "ofac:" + fixed
	if len(programs) == 0 {
		programs = []string{""}
	}
	for _, pr := range programs {
		r := "SanctionsEntry=" + eid
		if pr != "" {
			r += ":" + pr
		}
		a.p.Batch().Designations = append(a.p.Batch().Designations, graph.Designation{Entity: id, Regime: regime,
			Program: pr, Listed: listed, Provenance: graph.Provenance{Source: a.list, Record: r}})
	}
	return nil
}
