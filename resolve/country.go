package resolve

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// NormalizeCountry returns the ISO 3166-1 alpha-2 code (upper case) of a
// code or an English country name as the lists spell it ("Russia",
// "Russian Federation", "Iran (Islamic Republic of)", "Korea, North"), or
// the upper-cased trimmed input when it is not recognised, or "" for an
// empty or unknown ("UNKNOWN", "00") country.
func NormalizeCountry(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	k := countryNameKey(s)
	if k == "unknown" || k == "00" || k == "" {
		return ""
	}
	if c, ok := countryByName[k]; ok {
		return c
	}
	return strings.ToUpper(s)
}

// countryOf returns the ISO code of a text that names a country as a
// whole ("Bosnia and Herzegovina", "BOSNIA", "U.K.", "HK"), or ok false.
// A two-letter text that is also a legal form ("S.A.", "AG") is not a
// country.
func countryOf(s string) (string, bool) {
	if c, ok := countryByName[countryNameKey(s)]; ok && len(countryNameKey(s)) > 2 {
		return c, true
	}
	k := strings.Join(orderedKey(s), " ")
	if len(k) == 2 && matchPhrase([]string{k}) == 1 {
		return "", false
	}
	c, ok := countryByName[k]
	return c, ok
}

// countryNameKey lower-cases a country name and keeps letters and digits,
// single-spaced.
func countryNameKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.ReplaceAll(s, "&", " and ")) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// countryAliases are list spellings that CLDR's English region names do
// not cover.
var countryAliases = map[string]string{
	"russian federation": "RU", "ussr": "SU", "soviet union": "SU",
	"iran islamic republic of": "IR", "islamic republic of iran": "IR",
	"korea north": "KP", "democratic people s republic of korea": "KP", "dprk": "KP",
	"korea democratic people s republic of": "KP", "korea south": "KR", "republic of korea": "KR",
	"korea republic of": "KR", "syrian arab republic": "SY", "syria": "SY",
	"united kingdom of great britain and northern ireland": "GB", "uk": "GB", "great britain": "GB",
	"england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
	"united states of america": "US", "usa": "US", "us": "US",
	"united arab emirates": "AE", "uae": "AE", "burma": "MM", "turkey": "TR", "turkiye": "TR",
	"democratic republic of the congo": "CD", "congo democratic republic of the": "CD",
	"democratic republic of congo": "CD", "congo democratic republic": "CD", "republic of the congo": "CG",
	"lao people s democratic republic": "LA", "laos": "LA", "viet nam": "VN", "bolivia plurinational state of": "BO",
	"venezuela bolivarian republic of": "VE", "tanzania united republic of": "TZ", "united republic of tanzania": "TZ",
	"moldova republic of": "MD", "republic of moldova": "MD", "palestinian territory occupied": "PS",
	"state of palestine": "PS", "west bank": "PS", "gaza": "PS", "ivory coast": "CI", "cote d ivoire": "CI",
	"czech republic": "CZ", "macedonia": "MK", "the former yugoslav republic of macedonia": "MK",
	"crimea": "UA", "region crimea": "UA", "kosovo": "XK", "taiwan province of china": "TW",
	"hong kong sar": "HK", "hong kong": "HK", "palestine": "PS", "congo": "CG", "congo brazzaville": "CG", "congo kinshasa": "CD", "palestinian territories": "PS", "panama": "PA", "macau": "MO", "macao": "MO", "holland": "NL", "the netherlands": "NL",
	"bahamas the": "BS", "gambia the": "GM", "the gambia": "GM", "cape verde": "CV", "swaziland": "SZ",
	"east timor": "TL", "vatican": "VA", "holy see": "VA", "brunei darussalam": "BN",
	"bosnia": "BA", "bosnia herzegovina": "BA", "bosnia and herzegovina": "BA", "union of the comoros": "KM",
	"comoros islands":                "KM",
	"micronesia federated states of": "FM", "st kitts and nevis": "KN", "st lucia": "LC",
	"st vincent and the grenadines": "VC", "saint vincent and the grenadines": "VC",
}

// deprecatedRegions are codes that x/text still knows but that no longer
// name a country (or that shadow another code's name).
var deprecatedRegions = map[string]bool{"AN": true, "BU": true, "CS": true, "DD": true, "FX": true,
	"NT": true, "TP": true, "UK": true, "YU": true, "ZR": true}

var countryByName = func() map[string]string {
	m := make(map[string]string)
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || deprecatedRegions[code] {
				continue // not a code, or a deprecated alias of another
			}
			if _, ok := m[strings.ToLower(code)]; !ok {
				m[strings.ToLower(code)] = code
			}
			n := names.Name(r) // "Myanmar (Burma)": both names count
			for _, k := range []string{countryNameKey(n), countryNameKey(strings.Split(n, "(")[0])} {
				if _, ok := m[k]; !ok && k != "" {
					m[k] = code // first wins: GB before the reserved UK
				}
			}
		}
	}
	for k, v := range countryAliases {
		m[k] = v
	}
	// Two-letter words that are also codes stay codes; "UK" and "US" were
	// added above.
	return m
}()
