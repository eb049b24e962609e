package bods

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// JSON shapes shared by every BODS version. A pointer, or a bound's set
// flag, tells an absent property from an empty or zero one; strings are
// taken as published (the conversion trims them).

// partyFields are the properties of entity and person statements alike.
type partyFields struct {
	Identifiers []identifierJSON `json:"identifiers"`
	Addresses   []addressJSON    `json:"addresses"`
}

// entityFields are the properties of an entity that every version shares.
type entityFields struct {
	Name            string            `json:"name"`
	AlternateNames  []string          `json:"alternateNames"`
	Jurisdiction    *jurisdictionJSON `json:"jurisdiction"`
	FoundingDate    string            `json:"foundingDate"`
	DissolutionDate string            `json:"dissolutionDate"`
	URI             string            `json:"uri"`
}

// personFields are the properties of a person that every version shares.
type personFields struct {
	Names         []nameJSON    `json:"names"`
	Nationalities []countryCode `json:"nationalities"`
	BirthDate     string        `json:"birthDate"`
	DeathDate     string        `json:"deathDate"`
}

type identifierJSON struct {
	ID         string `json:"id"`
	Scheme     string `json:"scheme"`
	SchemeName string `json:"schemeName"`
}

type addressJSON struct {
	Type     string      `json:"type"`
	Address  string      `json:"address"`
	PostCode string      `json:"postCode"`
	Country  countryCode `json:"country"`
}

type jurisdictionJSON struct {
	Code string `json:"code"`
}

type nameJSON struct {
	Type           string `json:"type"`
	FullName       string `json:"fullName"`
	GivenName      string `json:"givenName"`
	PatronymicName string `json:"patronymicName"`
	FamilyName     string `json:"familyName"`
}

// unspecifiedJSON is why a party or record is not known (0.4
// unspecified*Details and UnspecifiedRecord, 0.2/0.3 "unspecified").
type unspecifiedJSON struct {
	Reason      string `json:"reason"`
	Description string `json:"description"`
}

// countryCode is a country: a code string (0.2/0.3) or an object with a
// code (0.3/0.4). Validation has checked its type.
type countryCode string

func (c *countryCode) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = countryCode(s)
		return nil
	case len(b) > 0 && b[0] == '{':
		var o struct {
			Code string `json:"code"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		*c = countryCode(o.Code)
		return nil
	}
	return fmt.Errorf("a country must be a code or an object with a code, not %s", b)
}

// interestJSON is one interest of a relationship.
type interestJSON struct {
	Type             string `json:"type"`
	DirectOrIndirect string `json:"directOrIndirect"` // 0.3, 0.4
	InterestLevel    string `json:"interestLevel"`    // 0.2
	Details          string `json:"details"`
	// Share is nil when absent; an object without bounds is no share.
	Share     *shareJSON `json:"share"`
	StartDate *string    `json:"startDate"`
	EndDate   *string    `json:"endDate"`
}

// shareJSON is a share range; each bound is nil when absent.
type shareJSON struct {
	Exact            *json.Number `json:"exact"`
	Minimum          *json.Number `json:"minimum"`
	Maximum          *json.Number `json:"maximum"`
	ExclusiveMinimum *bound       `json:"exclusiveMinimum"`
	ExclusiveMaximum *bound       `json:"exclusiveMaximum"`
}

func (s *shareJSON) empty() bool {
	return s.Exact == nil && s.Minimum == nil && s.Maximum == nil && s.ExclusiveMinimum == nil && s.ExclusiveMaximum == nil
}

// bound is an exclusive share bound: a number (0.4) or a boolean that
// opens minimum or maximum (0.2/0.3). Validation has checked its type.
type bound struct {
	num    *json.Number // nil for a boolean
	isBool bool
	b      bool
}

func (x *bound) UnmarshalJSON(b []byte) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return err
	}
	switch t := v.(type) {
	case bool:
		x.isBool, x.b = true, t
	case json.Number:
		x.num = &t
	default:
		return fmt.Errorf("an exclusive bound must be a number or a boolean, not %s", b)
	}
	return nil
}

// publication is a statement's publicationDetails: its publisher names the
// provenance source of the statement's records (sourceOf).
type publication struct {
	Publisher *struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"publisher"`
}

// sourceOf returns the provenance source of a statement published as pub:
// "bods:" and the publisher's name (else its url), "bods" when the
// statement names none. Registers that publish one stake each (the UK PSC
// register as BODS, Open Ownership's GLEIF BODS) are then sources of their
// own, whose reports of one stake meet rather than add up (RULES.md
// section 2, "Reports of one stake").
func sourceOf(pub *publication) string {
	if pub != nil && pub.Publisher != nil {
		if n := strings.TrimSpace(pub.Publisher.Name); n != "" {
			return SourceName + ":" + n
		}
		if u := strings.TrimSpace(pub.Publisher.URL); u != "" {
			return SourceName + ":" + u
		}
	}
	return SourceName
}
