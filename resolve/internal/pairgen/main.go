// Command pairgen builds the labelled name-pair set testdata/resolve/pairs.csv
// from the real sample files (see testdata/resolve/README.md):
//
//	go run ./resolve/internal/pairgen -samples /work/shared/samples -out testdata/resolve/pairs.csv
//
// The selection is systematic (every k-th eligible item, in file order);
// the output is deterministic.
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofac"
	"github.com/ownex/ownex/ingest/un"
	"github.com/ownex/ownex/resolve"
)

type pair struct {
	a, b   string
	ea, eb *graph.Entity
	match  int
	origin string
}

func main() {
	samples := flag.String("samples", "/work/shared/samples", "sample directory")
	out := flag.String("out", "testdata/resolve/pairs.csv", "output CSV")
	flag.Parse()
	ctx := context.Background()

	ofacDir := filepath.Join(*samples, "ofac/watchman-test-testdata")
	ofacEnts := parse(ctx, ofac.NewSDN(), []string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}, ofacDir)
	unEnts := parse(ctx, un.New(), []string{"UN_consolidated.xml"}, filepath.Join(*samples, "un/watchman-test-testdata"))
	ftm := readFtM(filepath.Join(*samples, "opensanctions-ftm/yente-t1/entities.ftm.json"),
		filepath.Join(*samples, "opensanctions-ftm/yente-zala/entities.ftm.json"))

	var pairs []pair
	stats := map[string][2]int{} // origin -> eligible, picked

	// Positives 1: OFAC 2019 aliases (aka/fka/nka) against the primary name.
	pairs = append(pairs, aliasPairs("ofac-alt", ofacEnts, false, 70, stats)...)
	// Positives 2: UN aliases (good and low quality, Latin script) against the primary name.
	pairs = append(pairs, aliasPairs("un-alias", unEnts, false, 40, stats)...)
	// Positives 3: Cyrillic original-script names (UN NAME_ORIGINAL_SCRIPT) against the primary name: all.
	pairs = append(pairs, aliasPairs("un-cyrillic", unEnts, true, 1000, stats)...)
	// Positives 4: FtM multilingual names: every Cyrillic name and every
	// Latin name against the entity's first Latin name.
	pairs = append(pairs, ftmPairs(ftm, stats)...)

	// Negatives: different records, same kind class, sharing a token;
	// the other record with the highest token Jaccard, for every k-th record.
	// Only within one list: records of two lists may be the same party.
	pairs = append(pairs, negatives("neg-ofac", ofacEnts, 120, stats)...)
	pairs = append(pairs, negatives("neg-un", unEnts, 60, stats)...)
	pairs = append(pairs, negatives("neg-ftm", ftm, 1000, stats)...)

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"a_name", "a_kind", "a_country", "b_name", "b_kind", "b_country", "match", "origin"})
	for _, p := range pairs {
		w.Write([]string{p.a, string(p.ea.Kind), strings.Join(countries(p.ea), ";"),
			p.b, string(p.eb.Kind), strings.Join(countries(p.eb), ";"), fmt.Sprint(p.match), p.origin})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		log.Fatal(err)
	}
	f.Close()
	var keys []string
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%-12s eligible %5d picked %4d\n", k, stats[k][0], stats[k][1])
	}
	fmt.Printf("total %d pairs\n", len(pairs))
}

func countries(e *graph.Entity) []string {
	var out []string
	for _, c := range e.Countries {
		if c = resolve.NormalizeCountry(c); c != "" && !contains(out, c) {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func parse(ctx context.Context, src ingest.Source, names []string, dir string) []*graph.Entity {
	var files []string
	for _, n := range names {
		files = append(files, filepath.Join(dir, n))
	}
	var out []*graph.Entity
	err := src.Parse(ctx, files, ingest.ParseOptions{Lenient: true}, func(b *graph.Batch) error {
		for i := range b.Entities {
			out = append(out, &b.Entities[i])
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	return out
}

// script classifies a name: "latin", "cyrillic" or "other".
func script(s string) string {
	lat, cyr, oth := 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Latin, r):
			lat++
		case unicode.IsLetter(r):
			oth++
		}
	}
	switch {
	case oth > 0:
		return "other"
	case cyr > 0:
		return "cyrillic"
	case lat > 0:
		return "latin"
	}
	return "other"
}

// related is the eligibility rule for positives: the alias must be a
// variant of the primary name, not a different name. After NameKey
// (transliteration, legal forms and stopwords removed), every token of
// the name with fewer tokens must have a counterpart in the other name
// that starts with the same letter (a one-token name: the same token or
// the same first four letters) (Pooya/Puya, Soleimani/Sulemani,
// Vladimir/Volodimir, a missing middle name). Pairs failing it are
// different names (acronyms, translations, maiden names, unrelated trade
// names: "HESA" for "IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY"),
// which a name matcher should not be expected to link; they are counted,
// not sampled.
func related(a, b string) bool {
	ka, kb := resolve.NameKey(a), resolve.NameKey(b)
	if len(ka) > len(kb) {
		ka, kb = kb, ka
	}
	if len(ka) == 0 {
		return false
	}
	for _, x := range ka {
		ok := false
		for _, y := range kb {
			if x[0] == y[0] && (len(ka) > 1 || x == y || len(x) >= 4 && len(y) >= 4 && x[:4] == y[:4]) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// aliasPairs pairs aliases with their record's primary name: the aliases
// of the wanted script that are related are eligible; every k-th is
// picked so that about want pairs result.
func aliasPairs(origin string, ents []*graph.Entity, cyrillic bool, want int, stats map[string][2]int) []pair {
	type cand struct {
		e     *graph.Entity
		alias string
	}
	var el []cand
	unrelated := 0
	for _, e := range ents {
		for _, a := range append(append([]string{}, e.Aliases...), e.WeakAliases...) {
			sc := script(a)
			if cyrillic != (sc == "cyrillic") || (!cyrillic && sc != "latin") {
				continue
			}
			if !related(e.Name, a) {
				unrelated++
				continue
			}
			el = append(el, cand{e, a})
		}
	}
	stats[origin+"-unrelated"] = [2]int{unrelated, 0}
	k := max(1, len(el)/want)
	var out []pair
	for i := 0; i < len(el) && len(out) < want; i += k {
		c := el[i]
		out = append(out, pair{a: c.e.Name, b: c.alias, ea: c.e, eb: c.e, match: 1, origin: origin})
	}
	stats[origin] = [2]int{len(el), len(out)}
	return out
}

// ftmPairs pairs the names of each FtM entity (name, alias, previousName,
// weakAlias; Latin and Cyrillic only) with its first Latin name.
func ftmPairs(ents []*graph.Entity, stats map[string][2]int) []pair {
	var out []pair
	el, unrelated := 0, 0
	for _, e := range ents {
		base := ""
		var names []string
		for _, n := range append(append([]string{e.Name}, e.Aliases...), e.WeakAliases...) {
			sc := script(n)
			if sc == "other" || contains(names, n) {
				continue
			}
			if base == "" && sc == "latin" {
				base = n
				continue
			}
			names = append(names, n)
		}
		if base == "" {
			continue
		}
		for _, n := range names {
			if strings.Join(resolve.NameKey(n), " ") == strings.Join(resolve.NameKey(base), " ") && script(n) == "latin" {
				continue // same key, a trivial pair
			}
			if !related(base, n) {
				unrelated++
				continue
			}
			el++
			o := "ftm-latin"
			if script(n) == "cyrillic" {
				o = "ftm-cyrillic"
			}
			out = append(out, pair{a: base, b: n, ea: e, eb: e, match: 1, origin: o})
		}
	}
	stats["ftm"] = [2]int{el, len(out)}
	stats["ftm-unrelated"] = [2]int{unrelated, 0}
	return out
}

// negatives pairs every k-th record of a list with the other record of
// the same list (a different id, the same kind class) whose primary name
// has the highest token Jaccard with it among those sharing a token of 4+
// characters, excluding identical token sets (homonyms: no name matcher
// can tell them apart; they are counted).
func negatives(origin string, all []*graph.Entity, want int, stats map[string][2]int) []pair {
	from := all
	index := map[string][]int{}
	keys := make([][]string, len(all))
	for i, e := range all {
		keys[i] = resolve.NameKey(e.Name)
		for _, t := range keys[i] {
			if len(t) >= 4 {
				index[t] = append(index[t], i)
			}
		}
	}
	pos := map[*graph.Entity]int{}
	for i, e := range all {
		pos[e] = i
	}
	var el []int
	for _, e := range from {
		if e.Kind == graph.KindAircraft || script(e.Name) != "latin" && script(e.Name) != "cyrillic" {
			continue
		}
		el = append(el, pos[e])
	}
	k := max(1, len(el)/want)
	var out []pair
	found, homonyms := 0, 0
	for x := 0; x < len(el) && len(out) < want; x += k {
		i := el[x]
		best, bestJ := -1, 0.0
		for _, t := range keys[i] {
			if len(t) < 4 || len(index[t]) > 2000 {
				continue
			}
			for _, j := range index[t] {
				if j == i || all[j].ID == all[i].ID || class(all[j].Kind) != class(all[i].Kind) {
					continue
				}
				s := jaccard(keys[i], keys[j])
				if s == 1 {
					homonyms++
					continue
				}
				if s > bestJ || s == bestJ && best >= 0 && j < best {
					best, bestJ = j, s
				}
			}
		}
		if best < 0 {
			continue
		}
		found++
		out = append(out, pair{a: all[i].Name, b: all[best].Name, ea: all[i], eb: all[best], match: 0, origin: origin})
	}
	stats[origin] = [2]int{len(el), len(out)}
	stats[origin+"-homonyms"] = [2]int{homonyms, 0}
	return out
}

func class(k graph.Kind) graph.Kind {
	if k == graph.KindOrganization {
		return graph.KindCompany
	}
	return k
}

func jaccard(a, b []string) float64 {
	in := 0
	for _, x := range a {
		if contains(b, x) {
			in++
		}
	}
	u := len(a) + len(b) - in
	if u == 0 {
		return 0
	}
	return float64(in) / float64(u)
}

// readFtM reads Person, Company, Organization and LegalEntity records.
func readFtM(files ...string) []*graph.Entity {
	var out []*graph.Entity
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			log.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var r struct {
				ID         string              `json:"id"`
				Schema     string              `json:"schema"`
				Properties map[string][]string `json:"properties"`
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				log.Fatal(err)
			}
			var kind graph.Kind
			switch r.Schema {
			case "Person":
				kind = graph.KindPerson
			case "Company", "Organization", "LegalEntity":
				kind = graph.KindCompany
			default:
				continue
			}
			p := r.Properties
			names := append(append(append([]string{}, p["name"]...), p["alias"]...), p["previousName"]...)
			if len(names) == 0 {
				continue
			}
			e := &graph.Entity{ID: "os:" + r.ID, Kind: kind, Name: names[0], WeakAliases: p["weakAlias"]}
			for _, n := range names[1:] {
				if !contains(e.Aliases, n) && n != e.Name {
					e.Aliases = append(e.Aliases, n)
				}
			}
			for _, c := range append(append([]string{}, p["country"]...), p["jurisdiction"]...) {
				if c = strings.ToUpper(c); !contains(e.Countries, c) {
					e.Countries = append(e.Countries, c)
				}
			}
			out = append(out, e)
		}
		f.Close()
	}
	return out
}
