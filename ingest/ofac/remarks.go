package ofac

import (
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// Remarks is what the remarks of one record say.
type Remarks struct {
	Identifiers []graph.Identifier
	Facts       []graph.Fact
	WeakAliases []string
	Links       []string // "Linked To:" names, final period trimmed
}

// ParseRemarks reads a Remarks text (SDN remarks joined with their
// continuation): items separated by "; ", each "Label value"; a leading
// "alt. " repeats a label. The record's final period is dropped. Items
// with no known label are kept whole as FactRemark.
func ParseRemarks(s string) Remarks {
	var r Remarks
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if s == "" {
		return r
	}
	for _, item := range strings.Split(s, "; ") {
		r.item(strings.TrimSpace(item))
	}
	return r
}

// item reads one remark item.
func (r *Remarks) item(item string) {
	body := item
	if len(body) > 5 && strings.EqualFold(body[:5], "alt. ") {
		body = strings.TrimSpace(body[5:])
	}
	if body == "" {
		return
	}
	l, rest, ok := matchLabel(body)
	if ok && r.labelled(l, rest) {
		return
	}
	r.Facts = append(r.Facts, graph.Fact{Type: graph.FactRemark, Value: body})
}

// matchLabel finds the longest known label that starts item and ends at a
// word boundary; rest is the value after it.
func matchLabel(item string) (label, string, bool) {
	for _, l := range labels {
		n := len(l.text)
		if len(item) < n || !strings.EqualFold(item[:n], l.text) {
			continue
		}
		if len(item) > n && item[n] != ' ' && item[n] != ':' && l.text[n-1] != ':' && l.text[n-1] != '-' {
			continue
		}
		rest := strings.TrimSpace(strings.TrimLeft(item[n:], ": "))
		return l, rest, true
	}
	return label{}, "", false
}

// labelled stores a labelled item; false means "keep it as a remark".
func (r *Remarks) labelled(l label, rest string) bool {
	if rest == "" {
		return false
	}
	switch l.what {
	case wFact:
		r.Facts = append(r.Facts, graph.Fact{Type: l.arg, Value: rest})
	case wWeak:
		name := unquote(rest)
		if name == "" {
			return false
		}
		r.WeakAliases = ingest.AppendNew(r.WeakAliases, name)
	case wLink:
		name := strings.TrimSpace(strings.TrimSuffix(rest, "."))
		if name == "" {
			return false
		}
		r.Links = ingest.AppendNew(r.Links, name)
	case wCrypto:
		code, addr, _ := strings.Cut(rest, " ")
		addr = strings.TrimSpace(addr)
		if code == "" || addr == "" || strings.ContainsRune(addr, ' ') {
			return false
		}
		r.addID(graph.Identifier{Scheme: SchemeCryptoPrefix + strings.ToLower(code), Value: addr})
	case wIdent:
		id, ok := identifier(l.arg, rest)
		if !ok {
			return false
		}
		r.addID(id)
	}
	return true
}

func (r *Remarks) addID(id graph.Identifier) {
	for _, have := range r.Identifiers {
		if have == id {
			return
		}
	}
	r.Identifiers = append(r.Identifiers, id)
}

// identifier reads "value [(state)] (country) [issued …] [expires …]".
func identifier(scheme, rest string) (graph.Identifier, bool) {
	for _, cut := range []string{" issued ", " expires "} {
		if i := strings.Index(rest, cut); i >= 0 {
			rest = rest[:i]
		}
	}
	value, country := splitCountry(rest)
	switch scheme {
	case SchemeIMO, SchemeMMSI:
		value = digits(value)
	case SchemeLEI:
		if !isLEI(value) {
			scheme = SchemeRegistration
		}
	}
	if value == "" {
		return graph.Identifier{}, false
	}
	return graph.Identifier{Scheme: scheme, Value: value, Country: country}, true
}

// splitCountry strips the trailing parentheses without digits: the last
// one is the country, an earlier one (a US state, a region) is dropped.
func splitCountry(s string) (value, country string) {
	s = strings.TrimSpace(s)
	for strings.HasSuffix(s, ")") {
		open := strings.LastIndexByte(s, '(')
		if open < 0 {
			break
		}
		inner := strings.TrimSpace(s[open+1 : len(s)-1])
		if inner == "" || strings.ContainsAny(inner, "0123456789()") {
			break
		}
		if country == "" {
			country = inner
		}
		s = strings.TrimSpace(s[:open])
	}
	return s, country
}

// digits keeps the ASCII digits of s ("IMO 9486910" → "9486910").
func digits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isLEI reports whether s looks like an ISO 17442 LEI: 20 upper-case
// letters or digits.
func isLEI(s string) bool {
	if len(s) != 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// unquote strips the single or double quotes around an a.k.a. name.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	} else {
		s = strings.Trim(s, `'"`)
	}
	return strings.TrimSpace(s)
}
