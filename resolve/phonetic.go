package resolve

import "strings"

// givenNames maps East Slavic given names as written in Ukrainian and
// Belarusian (national transliterations) and common Latin spellings to
// one reading (Russian, BGN/PCGN-like): the same person is Tetiana in a
// Ukrainian passport and Tatyana in a Russian record. Keys and values are
// compared through skeleton, so Yuriy/Yurii/Jurij need one entry.
var givenNames = map[string]string{}

func init() {
	for canon, vs := range map[string]string{
		"aleksandr":  "oleksandr aliaksandr alyaksandr alexander alexandr aleksander",
		"aleksey":    "oleksii oleksiy aliaksei alexei alexey aleksei",
		"anatoliy":   "anatolii anatol anatoly",
		"andrey":     "andrii andriy andrei andrej",
		"anna":       "hanna ganna",
		"boris":      "borys barys",
		"bogdan":     "bohdan",
		"valentin":   "valentyn",
		"valeriy":    "valerii valery",
		"vasiliy":    "vasyl vasil vasily vasilii",
		"viktor":     "viktar victor",
		"vitaliy":    "vitalii vitali vitaly",
		"vladimir":   "volodymyr uladzimir",
		"vladislav":  "vladyslav uladzislau",
		"vyacheslav": "viacheslav viachaslau",
		"gennadiy":   "hennadii hennadiy hienadz gennady",
		"georgiy":    "heorhii heorhiy georgy",
		"grigoriy":   "hryhorii ryhor grigory",
		"dmitriy":    "dmytro dzmitry dmitry dmitri",
		"yevgeniy":   "yevhen yevhenii yauhen evgeny evgeniy yevgeny",
		"yelena":     "olena alena elena",
		"igor":       "ihor ihar",
		"irina":      "iryna",
		"kirill":     "kyrylo kiryl",
		"konstantin": "kostiantyn kostyantyn kanstantsin konstantyn",
		"leonid":     "leanid",
		"lyudmila":   "liudmyla lyudmyla liudmila ludmila",
		"mikhail":    "mykhailo mykhaylo",
		"nikolay":    "mykola mikalai nikolai mikola",
		"nadezhda":   "nadiia nadzeya",
		"natalya":    "nataliia natallia natalia nataliya",
		"oleg":       "oleh aleh",
		"olga":       "olha volha",
		"pavel":      "pavlo paval",
		"petr":       "petro piotr pyotr pyatro",
		"roman":      "raman",
		"sergey":     "serhii serhiy siarhei sergei sergii",
		"svetlana":   "svitlana sviatlana",
		"stepan":     "stsiapan",
		"tatyana":    "tetiana tatiana tatsiana tetyana",
		"yuriy":      "yurii yury yuri",
		"yaroslav":   "yaraslau",
		"fedor":      "fedir fiodar fyodor",
		"maksim":     "maksym maxim",
		"vadim":      "vadym",
		"denis":      "denys",
		"stanislav":  "stanislau",
		"galina":     "halyna",
		"valentina":  "valentyna",
		"anastasiya": "anastasiia anastasia",
		"yuliya":     "yuliia yulia",
		"yakov":      "yakiv yakau",
	} {
		for _, v := range strings.Fields(vs + " " + canon) {
			givenNames[skeleton(v)] = canon
		}
	}
}

// hypocoristics maps common short forms of given names to the full name
// (compared through skeleton): they are the same name, and lists record a
// person under both (MAZIOTIS, Nikolaos a.k.a. Nikos). Only forms that
// stand for one full name are listed: Greek (-os/-is clippings of the
// church names), Russian diminutives, and Arabic Abdo/Abdou, the
// colloquial (Egyptian, Yemeni) short form of any ʿAbd al-X name, which
// keeps only its "abd" element.
var hypocoristics = map[string]string{}

func init() {
	for canon, vs := range map[string]string{
		"nikolaos":     "nikos",
		"georgios":     "giorgos yiorgos",
		"konstantinos": "kostas kostis",
		"dimitrios":    "dimitris mitsos",
		"ioannis":      "giannis yannis",
		"vasileios":    "vasilis",
		"panagiotis":   "panos",
		"athanasios":   "thanasis",
		"emmanouil":    "manolis",
		"aleksandr":    "sasha",
		"aleksey":      "alyosha lyosha",
		"vladimir":     "volodya",
		"dmitriy":      "dima",
		"mikhail":      "misha",
		"nikolay":      "kolya",
		"sergey":       "seryozha",
		"yevgeniy":     "zhenya",
		"konstantin":   "kostya",
		"anatoliy":     "tolya",
		"ivan":         "vanya",
		"pavel":        "pasha",
		"abd":          "abdo",
	} {
		for _, v := range strings.Fields(vs) {
			hypocoristics[skeleton(v)] = canon
		}
	}
}

// patronymic suffixes: male (…ovich, Ukrainian …ovych, Belarusian
// …avich) and female (…ovna, Ukrainian …ivna, Belarusian …auna),
// longest first.
var patronymicSuffixes = []struct{ suf, canon string }{
	{"yevich", "ovich"}, {"yevych", "ovich"}, {"ovich", "ovich"}, {"evich", "ovich"}, {"ovych", "ovich"},
	{"evych", "ovich"}, {"avich", "ovich"}, {"ivich", "ovich"},
	{"ovitj", "ovich"}, {"evitj", "ovich"}, {"avitj", "ovich"}, // Swedish tj for ч
	{"yevna", "ovna"}, {"ovna", "ovna"}, {"evna", "ovna"}, {"ivna", "ovna"}, {"auna", "ovna"},
}

// patronymicStems maps the stems that patronymics are built on to the
// canonical given name when the stem differs from it (Pavlovna, Paulauna).
var patronymicStems = map[string]string{
	"pavl": "pavel", "paul": "pavel", "petr": "petr", "petrov": "petr", "lvov": "lev",
}

// canonToken returns the canonical form of a NameKey token: a Slavic
// given name in its Russian reading; a patronymic as canonical stem +
// ovich/ovna (Ihorovych and Igorevich are both igorovich); else t.
func canonToken(t string) string {
	sk := skeleton(t)
	if c, ok := givenNames[sk]; ok {
		return c
	}
	if c, ok := hypocoristics[sk]; ok {
		return c
	}
	if len(t) < 7 {
		return t
	}
	for _, p := range patronymicSuffixes {
		if !strings.HasSuffix(t, p.suf) {
			continue
		}
		stem := t[:len(t)-len(p.suf)]
		if c, ok := patronymicStems[stem]; ok {
			return c + p.canon
		}
		if c, ok := givenNames[skeleton(stem)]; ok {
			return c + p.canon
		}
		return t
	}
	return t
}

// arabicArticles are the forms of the Arabic article (al-, el-, and its
// assimilations ar-, ad-, as-, …) and of the connective in Abd al-X.
var arabicArticles = map[string]bool{
	"al": true, "el": true, "ul": true, "ol": true, "ar": true, "ad": true, "as": true, "ash": true,
	"at": true, "az": true, "an": true, "ur": true, "ud": true, "us": true, "un": true, "ed": true, "er": true,
}

// abdForms are the spellings of Arabic ʿabd ("servant of"), alone or
// fused with the article.
var abdForms = map[string]bool{
	"abd": true, "abdul": true, "abdel": true, "abdal": true, "abdoul": true, "abdu": true, "abdur": true,
	"abdar": true, "abdus": true, "abdou": true, "abdol": true, "abdoel": true,
}

// abdRest strips what joins ʿabd to the name that follows it in a fused
// spelling (s is what follows "abd"): the connecting vowels (Abdu-, Abdi-
// in Somali names, Abdou-), then the article's l or one of a doubled (sun)
// letter (ullah -> lah, urrahman -> rahman, elkader -> kader, ulaziz ->
// aziz, irahim -> rahim). Abdulatif, with one l, reads atif: the article
// cannot be told from the name's own l.
func abdRest(s string) string {
	for len(s) > 0 && strings.IndexByte("aeiou", s[0]) >= 0 {
		s = s[1:]
	}
	if len(s) >= 3 && (s[0] == 'l' || s[0] == s[1] && strings.IndexByte("aeiou", s[0]) < 0) {
		s = s[1:]
	}
	return abdLah(s)
}

// abdName returns the name of a spelling written apart from ʿabd (ABD
// AL-AZIZ, ABDUL RAHMAN, ABD ALLAH): the name as written, but Allah with
// its article fused (allah, ullah, illah -> lah) or a doubled sun letter
// (rrahman -> rahman).
func abdName(s string) string {
	switch {
	case len(s) >= 4 && strings.IndexByte("aeiou", s[0]) >= 0 && s[1] == 'l' && s[2] == 'l':
		s = s[2:]
	case len(s) >= 3 && s[0] == s[1] && strings.IndexByte("aeiou", s[0]) < 0:
		s = s[1:]
	}
	return abdLah(s)
}

// abdLah reads la as lah: Abdulla, Abdalla are Abdullah without its final
// h.
func abdLah(s string) string {
	if s == "la" {
		return "lah"
	}
	return s
}

// canonTokens canonicalises ordered name tokens: Arabic theophoric names
// ʿAbd al-X are split into "abd" and X however they are written (ABD
// AL-RAHMAN, Abdulrahman, Abdel Rahman, Abdurrahman are all abd rahman;
// Abdullah and Abdallah abd lah): X identifies, abd is a soft particle;
// then every token goes through canonToken.
func canonTokens(toks []string) []string {
	out := make([]string, 0, len(toks)+2)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case abdForms[t] && i+1 < len(toks):
			j := i + 1
			if arabicArticles[toks[j]] && j+1 < len(toks) {
				j++
			}
			if !arabicArticles[toks[j]] && !hasDigit(toks[j]) && len(toks[j]) > 1 {
				if r := abdName(toks[j]); len(r) >= 2 {
					out = append(out, "abd", r)
					i = j
					continue
				}
			}
			t = "abd"
		case abdForms[t]:
			t = "abd"
		case len(t) > 5 && strings.HasPrefix(t, "abd") && !hasDigit(t):
			if r := abdRest(t[3:]); len(r) >= 2 {
				out = append(out, "abd", r)
				continue
			}
		default:
			if stem := dinStem(t); stem != "" {
				out = append(out, canonToken(stem), "din")
				continue
			}
		}
		out = append(out, canonToken(t))
	}
	return out
}

// dinSuffixes are the fused spellings of "al-Din" ("of the faith") in the
// Arabic compound names X al-Din (Nasir al-Din, Salah al-Din, Nur al-Din,
// ʿAla al-Din): Nasiruddin, Salahuddin, Nureddine, Alaaldin.
var dinSuffixes = []string{"uddin", "uddeen", "eddine", "eddin", "uldin", "aldin", "addin", "oddin", "ud-din"}

// dinStem returns X of a fused X al-Din name (at least 3 letters), or "".
// The name splits into X and "din", a soft element: the person is called
// by X alone (Nasiruddin Haqqani, a.k.a. Nassir Haqqani) as by X al-Din.
func dinStem(t string) string {
	for _, suf := range dinSuffixes {
		if len(t) >= len(suf)+3 && strings.HasSuffix(t, suf) && !hasDigit(t) {
			return t[:len(t)-len(suf)]
		}
	}
	return ""
}

// personTitles are honorifics and religious titles that precede person
// names in lists (Mullah Naeem, Hafiz Mohammad, Haji Ibrahim): not part
// of the name, dropped for persons (unless nothing else remains).
var personTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "haji": true, "hajji": true, "alhaji": true, "alhaj": true,
	"mullah": true, "mulla": true, "mawlawi": true, "maulvi": true, "maulana": true, "mawlana": true,
	"sheikh": true, "shaykh": true, "sheik": true, "shaikh": true, "hafiz": true, "qari": true, "jr": true, "sr": true,
}

// phonKey is a coarse phonetic key of a token for the noisiest
// transliterations (Arabic, Persian, Pashto, East Slavic into Latin by
// different systems): sh sch ch kh zh gh q c ck ph th dh x are folded
// (sh, sch → s; zh, dzh, dj → j; g, gh, q, c, ck → k: Persian and Gulf
// Arabic read q and gh alike; ph → f; th → t; dh, z → s; x → ks); then h
// (the most unstable letter: Arabic ḥ/h/kh, Slavic х, Czech and German
// ch, silent h), the vowels and the semivowels y, w, v (Slavic ў, Arabic
// w/u) are dropped and doubled letters collapsed. A word starting with a
// vowel keeps a leading '_'. Equal keys of >= 3 letters are strong
// evidence (Javaid/Javed, Eqtesad/Eghtesad, Sughayr/Sugayer); 2 letters
// weaker (Rabi/Robi, Naim/Naeem).
func phonKey(t string) string {
	for i := 0; i < len(t); i++ {
		if t[i] >= 0x80 {
			return ""
		}
	}
	t = phonRules.Replace(t)
	b := make([]byte, 0, len(t)+1)
	if len(t) > 0 && strings.IndexByte("aeiouy", t[0]) >= 0 {
		b = append(b, '_')
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'v', 'h':
			continue
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

var phonRules = strings.NewReplacer(
	"shch", "s", "sch", "s", "sh", "s", "dzh", "j", "zh", "j", "dj", "j", "tch", "h", "ch", "h",
	"kh", "h", "gh", "k", "ck", "k", "q", "k", "c", "k", "g", "k", "ph", "f", "th", "t", "dh", "s", "z", "s", "x", "ks",
)
