package resolve

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/ownex/ownex/graph"
)

// Identifier schemes with a dedicated normaliser.
const (
	SchemeLEI          = "lei"
	SchemeIMO          = "imo"
	SchemeGBCoH        = "gb-coh"
	SchemeINN          = "ru-inn"
	SchemeOGRN         = "ru-ogrn"
	SchemeSWIFT        = "swift"
	SchemeMMSI         = "mmsi"
	SchemeRegistration = "registration"
	SchemeTax          = "tax"
)

// ErrInvalid is wrapped by every error of NormalizeIdentifier.
var ErrInvalid = errors.New("invalid identifier")

func invalid(id graph.Identifier, why string) error {
	return fmt.Errorf("%w: %s %q: %s", ErrInvalid, id.Scheme, id.Value, why)
}

// NormalizeIdentifier returns id in canonical form, or an error wrapping
// ErrInvalid when the value cannot be a valid identifier of its scheme
// (wrong length, wrong characters, wrong check digits). The scheme is
// trimmed and lower-cased; the country becomes an upper-case ISO 3166-1
// alpha-2 code when it is a known code or country name, else the
// upper-cased name. Per scheme (see docs/RESOLVE.md):
//
//   - lei: 20 alphanumerics, upper case, ISO 17442 check digits (ISO 7064
//     MOD 97-10: the number formed with A=10 … Z=35 is 1 modulo 97).
//   - imo: "IMO" prefix dropped, 7 digits, check digit = sum of the first
//     six digits weighted 7…2, modulo 10.
//   - gb-coh: upper case; all-digit numbers zero-padded to 8; a one- or
//     two-letter prefix (SC, NI, OC, SO, NC, FC, R, …) is kept and the
//     digits padded so that the whole is 8 characters.
//   - ru-inn: 10 digits (companies, one check digit) or 12 (persons, two).
//   - ru-ogrn: 13 digits (OGRN, first 12 mod 11 mod 10) or 15 (OGRNIP,
//     first 14 mod 13 mod 10).
//   - swift: 8 or 11 characters, BBBBCCLL[bbb] with letters for bank and
//     country; an 11-character code ending in "XXX" (the primary office)
//     becomes the 8-character code.
//   - mmsi: 9 digits.
//   - any other scheme (registration, tax, passport, national-id, …):
//     upper case with spaces, dashes, dots and slashes removed; must not
//     be empty.
func NormalizeIdentifier(id graph.Identifier) (graph.Identifier, error) {
	out := graph.Identifier{
		Scheme:  strings.ToLower(strings.TrimSpace(id.Scheme)),
		Country: NormalizeCountry(id.Country),
	}
	id.Scheme = out.Scheme
	v := strings.ToUpper(strings.TrimSpace(id.Value))
	var err error
	switch out.Scheme {
	case SchemeLEI:
		out.Value, err = normLEI(compact(v))
	case SchemeIMO:
		out.Value, err = normIMO(v)
	case SchemeGBCoH:
		out.Value, err = normCoH(compact(v))
	case SchemeINN:
		out.Value, err = normINN(compact(v))
	case SchemeOGRN:
		out.Value, err = normOGRN(compact(v))
	case SchemeSWIFT:
		out.Value, err = normSWIFT(compact(v))
	case SchemeMMSI:
		out.Value = compact(v)
		if len(out.Value) != 9 || !allDigits(out.Value) {
			err = errors.New("want 9 digits")
		}
	default:
		out.Value = compact(v)
		if out.Value == "" {
			err = errors.New("empty")
		}
	}
	if err != nil {
		return graph.Identifier{}, invalid(id, err.Error())
	}
	return out, nil
}

// compact removes white space of every kind (unicode.IsSpace: the same
// set strings.TrimSpace trims, so that normalising twice changes nothing),
// dashes, dots, slashes and other separators.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', '/', '_', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014':
			return -1
		}
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isUpperAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// normLEI checks an ISO 17442 LEI: 20 alphanumerics, MOD 97-10 == 1.
func normLEI(v string) (string, error) {
	if len(v) != 20 || !isUpperAlnum(v) {
		return "", errors.New("want 20 letters or digits")
	}
	if !mod97(v) {
		return "", errors.New("bad ISO 17442 check digits")
	}
	return v, nil
}

// mod97 reports whether the ISO 7064 MOD 97-10 remainder of s is 1,
// letters counting A=10 … Z=35.
func mod97(s string) bool {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' {
			n := int(c-'A') + 10
			r = (r*100 + n) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r == 1
}

// normIMO checks an IMO ship (or company) number.
func normIMO(v string) (string, error) {
	v = compact(v)
	v = strings.TrimPrefix(v, "IMO")
	v = strings.TrimPrefix(v, ":")
	if len(v) != 7 || !allDigits(v) {
		return "", errors.New("want 7 digits")
	}
	sum := 0
	for i := 0; i < 6; i++ {
		sum += int(v[i]-'0') * (7 - i)
	}
	if sum%10 != int(v[6]-'0') {
		return "", errors.New("bad check digit")
	}
	return v, nil
}

// normCoH pads a Companies House number to 8 characters.
func normCoH(v string) (string, error) {
	i := 0
	for i < len(v) && v[i] >= 'A' && v[i] <= 'Z' {
		i++
	}
	prefix, num := v[:i], v[i:]
	if len(prefix) > 2 || !allDigits(num) || len(prefix)+len(num) > 8 {
		return "", errors.New("want up to 8 characters: an optional 1-2 letter prefix and digits")
	}
	return prefix + strings.Repeat("0", 8-len(prefix)-len(num)) + num, nil
}

var (
	inn10  = []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	inn11  = []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	inn12  = []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	errINN = errors.New("bad check digit")
)

func innCheck(v string, w []int) int {
	s := 0
	for i, k := range w {
		s += int(v[i]-'0') * k
	}
	return s % 11 % 10
}

// normINN checks a Russian taxpayer number (INN).
func normINN(v string) (string, error) {
	if !allDigits(v) {
		return "", errors.New("want digits")
	}
	switch len(v) {
	case 10:
		if innCheck(v, inn10) != int(v[9]-'0') {
			return "", errINN
		}
	case 12:
		if innCheck(v, inn11) != int(v[10]-'0') || innCheck(v, inn12) != int(v[11]-'0') {
			return "", errINN
		}
	default:
		return "", errors.New("want 10 or 12 digits")
	}
	return v, nil
}

// normOGRN checks a Russian state registration number (OGRN, OGRNIP).
func normOGRN(v string) (string, error) {
	if !allDigits(v) || (len(v) != 13 && len(v) != 15) {
		return "", errors.New("want 13 or 15 digits")
	}
	m := 11
	if len(v) == 15 {
		m = 13
	}
	r := 0
	for i := 0; i < len(v)-1; i++ {
		r = (r*10 + int(v[i]-'0')) % m
	}
	if r%10 != int(v[len(v)-1]-'0') {
		return "", errors.New("bad check digit")
	}
	return v, nil
}

// normSWIFT checks the shape of a BIC.
func normSWIFT(v string) (string, error) {
	if (len(v) != 8 && len(v) != 11) || !isUpperAlnum(v) {
		return "", errors.New("want 8 or 11 letters or digits")
	}
	for i := 0; i < 6; i++ {
		if v[i] < 'A' || v[i] > 'Z' {
			return "", errors.New("bank and country code must be letters")
		}
	}
	if len(v) == 11 && v[8:] == "XXX" {
		v = v[:8]
	}
	return v, nil
}
