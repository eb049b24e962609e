package ofacxml

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// identifier maps an OFAC id type and number to a normalised identifier
// (see the package documentation for the table). ok is false for an empty
// number.
func identifier(idType, number, country string) (graph.Identifier, bool) {
	number = strings.TrimSpace(number)
	country = strings.TrimSpace(country)
	if number == "" {
		return graph.Identifier{}, false
	}
	t := strings.ToLower(ingest.Clean(idType))
	if imo, ok := imoNumber(number); ok && (t == "identification number" || t == "company number" || t == "imo") {
		return graph.Identifier{Scheme: "imo", Value: imo, Country: country}, true
	}
	scheme, known := idSchemes[t]
	switch {
	case scheme == "imo":
		if imo, ok := imoNumber(number); ok {
			number = imo
		}
	case known:
	default:
		if code, ok := strings.CutPrefix(t, "digital currency address - "); ok && code != "" {
			scheme = "crypto-" + slug(code)
		} else {
			scheme = slug(t)
		}
	}
	if scheme == "" {
		scheme = "other"
	}
	return graph.Identifier{Scheme: scheme, Value: number, Country: country}, true
}

// idSchemes maps lower-case OFAC id type labels to schemes. It follows
// the identifier labels of ingest/ofac (the CSV remarks parser) so that both
// editions of the list give the same identifiers.
var idSchemes = map[string]string{
	"registration number": "registration", "business registration number": "registration",
	"company number": "registration", "uk company number": "registration", "registration id": "registration",
	"commercial registry number": "registration", "business registration document #": "registration",
	"public registration number": "registration", "certificate of incorporation number": "registration",
	"chamber of commerce number": "registration", "unified social credit code (uscc)": "registration",
	"government gazette number": "registration", "folio mercantil no.": "registration",
	"matricula mercantil no": "registration", "trade license no.": "registration", "c.r. no.": "registration",
	"registered charity no.": "registration", "le number": "registration",
	"tax id no.": "tax", "nit #": "tax", "ruc #": "tax", "rif #": "tax", "rtn": "tax", "v.a.t. number": "tax",
	"us fein": "tax", "italian fiscal code": "tax", "c.u.i.t.": "tax", "c.i.f.": "tax",
	"legal entity number":                "lei",
	"vessel registration identification": "imo",
	"mmsi":                               "mmsi", "swift/bic": "swift",
	"passport": "passport", "diplomatic passport": "passport",
	"ssn": "ssn", "d-u-n-s number": "duns", "isin": "isin", "driver's license no.": "driver-license",
	"national id no.": "national-id", "cedula no.": "national-id", "d.n.i.": "national-id",
	"c.u.r.p.": "national-id", "c.u.r.p. #": "national-id", "r.f.c.": "national-id", "r.f.c. #": "national-id",
	"rfc": "national-id", "identification number": "national-id", "personal id card": "national-id",
	"citizen's card number": "national-id", "numero de identidad": "national-id",
	"national foreign id number": "national-id", "turkish identificiation number": "national-id",
	"turkish identification number": "national-id",
}

// imoNumber returns the digits of "IMO 9486910".
func imoNumber(v string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(v)), "IMO")
	if !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if rest == "" || !ingest.AllDigits(rest) {
		return "", false
	}
	return rest, true
}

// slug lower-cases s and replaces runs of non-alphanumerics with "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// personName formats a name like SDN.CSV: "LAST, Given" when both are
// known, else whichever is present.
func personName(last, given string) string {
	last, given = ingest.Clean(last), ingest.Clean(given)
	switch {
	case last != "" && given != "":
		return last + ", " + given
	case last != "":
		return last
	}
	return given
}

func addIdentifier(ids []graph.Identifier, id graph.Identifier) []graph.Identifier {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

// parseUSDate parses the legacy Publish_Date MM/DD/YYYY (leading zeros
// optional).
func parseUSDate(s string) (graph.Date, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse("1/2/2006", s)
	if err != nil {
		return "", fmt.Errorf("bad date %q: want MM/DD/YYYY", s)
	}
	return graph.Date(t.Format(graph.DateLayout)), nil
}

var months = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// birthDate normalises an OFAC date text: "12 Oct 1972" -> "1972-10-12",
// "Oct 1972" -> "1972-10", "1972" -> "1972"; anything else (circa 1955,
// 1970 to 1975) is kept as published.
func birthDate(s string) string {
	s = ingest.Clean(s)
	f := strings.Fields(s)
	year := func(y string) (int, bool) {
		if len(y) != 4 || !ingest.AllDigits(y) {
			return 0, false
		}
		n, _ := strconv.Atoi(y)
		return n, true
	}
	switch len(f) {
	case 1:
		if _, ok := year(f[0]); ok {
			return f[0]
		}
	case 2:
		m, okm := months[strings.ToLower(f[0])]
		y, oky := year(f[1])
		if okm && oky {
			return fmt.Sprintf("%04d-%02d", y, m)
		}
	case 3:
		m, okm := months[strings.ToLower(f[1])]
		y, oky := year(f[2])
		day, err := strconv.Atoi(f[0])
		if okm && oky && err == nil && validDay(y, m, day) {
			return fmt.Sprintf("%04d-%02d-%02d", y, m, day)
		}
	}
	return s
}

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
