package report

import (
	"strconv"
	"strings"

	"github.com/ownex/ownex/queries"
)

// Why a screening row matched (issue 14, "Why it matched"): every writer
// renders a queries.MatchExplanation with WhyText, so that a CSV cell, an
// XLSX cell, the HTML report and the web UI say it in the same words.

// WhyText renders an explanation on one line: the names compared (and
// whether the record's name that matched is an alias), each token pair
// with its score, equivalence and weight (when not 1), the names' score,
// then each piece of evidence with the factor it applied:
//
//	'AHMED DERAHSHANDEH' ~ 'AHMAD DERAKHSHANDEH' (alias): ahmed~ahmad 0.95 transliteration,
//	derahshandeh~derakhshandeh 0.90 typo; name 0.925; country conflicts (row LV, record CY) ×0.9
//
// (one line; wrapped here). An unpaired token shows "(none)" on its
// other side. WhyText(nil) is "".
func WhyText(e *queries.MatchExplanation) string {
	if e == nil {
		return ""
	}
	var parts []string
	head := ""
	if e.Input != "" || e.Matched != "" {
		head = "'" + e.Input + "' ~ '" + e.Matched + "'"
		switch {
		case e.Weak:
			head += " (weak alias)"
		case e.Alias:
			head += " (alias)"
		}
	}
	if len(e.Tokens) > 0 {
		toks := make([]string, len(e.Tokens))
		for i, t := range e.Tokens {
			toks[i] = tokenText(t)
		}
		if head != "" {
			head += ": "
		}
		head += strings.Join(toks, ", ")
	}
	if head != "" {
		parts = append(parts, head, "name "+strconv.FormatFloat(e.NameScore, 'f', 3, 64))
	}
	for _, ev := range e.Evidence {
		parts = append(parts, evidenceText(ev))
	}
	return strings.Join(parts, "; ")
}

// tokenText is one token pair: "ahmed~ahmad 0.95 transliteration",
// "ivan~ivan 1.00 exact weight 0.2", "bin~(none) 0.00".
func tokenText(t queries.TokenMatch) string {
	in, m := t.Input, t.Matched
	if in == "" {
		in = "(none)"
	}
	if m == "" {
		m = "(none)"
	}
	s := in + "~" + m + " " + strconv.FormatFloat(t.Score, 'f', 2, 64)
	if t.How != "" {
		s += " " + t.How
	}
	if t.Weight != 1 {
		s += " weight " + trimNum(t.Weight, 2)
	}
	return s
}

// evidenceText is one piece of evidence: "country conflicts (row LV,
// record CY) ×0.9", "identifier decisive (lei:…)"; the factor is left out
// when it is 1.
func evidenceText(ev queries.Evidence) string {
	s := ev.Kind
	if ev.Effect != "" {
		s += " " + ev.Effect
	}
	if ev.Detail != "" {
		s += " (" + ev.Detail + ")"
	}
	if ev.Factor != 1 {
		s += " ×" + trimNum(ev.Factor, 3)
	}
	return s
}

// trimNum formats f with at most prec decimals, without trailing zeros.
func trimNum(f float64, prec int) string {
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// WhyLines is why a screening row matched: WhyText of the match's
// explanation, or, for a row that matched no single party (ambiguous,
// unmatched), one "id: why" line per explained candidate. Nil when
// nothing is explained.
func WhyLines(m *queries.Match) []string {
	if m.Why != nil {
		return []string{WhyText(m.Why)}
	}
	var out []string
	for _, c := range m.Candidates {
		if c.Why != nil {
			out = append(out, c.ID+": "+WhyText(c.Why))
		}
	}
	return out
}

// MatchWhy is WhyLines in one cell, joined by " | ".
func MatchWhy(m *queries.Match) string { return strings.Join(WhyLines(m), " | ") }

// MatchedName is the record's name or alias that the row's name matched
// ("" when the match is not explained).
func MatchedName(m *queries.Match) string {
	if m.Why == nil {
		return ""
	}
	return m.Why.Matched
}
