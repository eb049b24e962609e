package ofacxml

import (
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// featureValues is what one version of a Profile Feature carries: texts
// (its DatePeriods formatted, its details, in document order) and the
// addresses of its locations.
type featureValues struct {
	texts []string
	addrs []graph.Address
}

// all returns the texts followed by the addresses written out.
func (v featureValues) all() []string {
	out := v.texts
	for _, ad := range v.addrs {
		out = append(out, ad.String())
	}
	return out
}

// A featureHandler adds one feature version to ent.
type featureHandler func(ent *graph.Entity, v featureValues)

// featureHandlers maps feature types (slug of the FeatureType text) to
// their handler; handlerFor covers the types not listed.
var featureHandlers = map[string]featureHandler{
	"location":            addressFeature,
	"address":             addressFeature,
	"nationality-country": countryFeature(graph.FactNationality),
	"citizenship-country": countryFeature(graph.FactCitizenship),
}

// featureFacts maps the feature types that are facts of a graph type (or
// of one of this package's Fact* types) to that type; another feature
// type is a fact of its own slug ("feature" when the slug is empty).
var featureFacts = map[string]string{
	"birthdate": graph.FactBirthDate, "date-of-birth": graph.FactBirthDate,
	"place-of-birth": graph.FactBirthPlace, "gender": graph.FactGender, "website": graph.FactWebsite,
	"email-address": graph.FactEmail, "phone-number": graph.FactPhone,
	"vessel-flag": graph.FactVesselFlag, "vessel-call-sign": graph.FactCallSign, "vessel-type": graph.FactVesselType,
	"vessel-tonnage": graph.FactTonnage, "vessel-gross-registered-tonnage": FactGrossRegisteredTonnage,
	"former-vessel-flag": FactFormerVesselFlag, "aircraft-operator": FactAircraftOperator,
	"aircraft-manufacture-date": FactAircraftBuilt, "aircraft-manufacturer-s-serial-number-msn": FactAircraftSerial,
	"target-type": FactTargetType, "fax": FactFax, "fax-no": FactFax, "vessel-owner": FactVesselOwner,
	"organization-established-date": graph.FactEstablishmentDate, "aircraft-model": graph.FactAircraftModel,
	"title": graph.FactTitle,
}

// handlerFor returns the handler of a feature type: featureHandlers,
// else "digital-currency-address-<code>" as an identifier crypto-<code>,
// else a fact (featureFacts).
func handlerFor(key string) featureHandler {
	if h, ok := featureHandlers[key]; ok {
		return h
	}
	if code, ok := strings.CutPrefix(key, "digital-currency-address-"); ok {
		return cryptoFeature("crypto-" + code)
	}
	typ := featureFacts[key]
	if typ == "" {
		typ = key
	}
	if typ == "" {
		typ = "feature"
	}
	return factFeature(typ)
}

// addressFeature adds the locations as addresses (countries as ISO codes)
// and each text as an address of that text.
func addressFeature(ent *graph.Entity, v featureValues) {
	for _, ad := range v.addrs {
		ad.Country = ingest.Country(ent, ad.Country)
		ent.Addresses = append(ent.Addresses, ad)
	}
	for _, s := range v.texts {
		if s != "" {
			ent.Addresses = append(ent.Addresses, graph.Address{Text: s})
		}
	}
}

// countryFeature adds each text and each location's country (the whole
// location when it has none) as a fact of type typ and, as an ISO code, to
// Countries.
func countryFeature(typ string) featureHandler {
	return func(ent *graph.Entity, v featureValues) {
		values := v.texts
		for _, ad := range v.addrs {
			c := ad.Country
			if c == "" {
				c = ad.String()
			}
			values = append(values, c)
		}
		for _, s := range values {
			ent.Facts = ingest.AddFact(ent.Facts, typ, s)
			ingest.AddCountry(ent, s)
		}
	}
}

// cryptoFeature adds each value as an identifier of the scheme.
func cryptoFeature(scheme string) featureHandler {
	return func(ent *graph.Entity, v featureValues) {
		for _, s := range v.all() {
			if s != "" {
				ent.Identifiers = addIdentifier(ent.Identifiers, graph.Identifier{Scheme: scheme, Value: s})
			}
		}
	}
}

// factFeature adds each value as a fact of type typ.
func factFeature(typ string) featureHandler {
	return func(ent *graph.Entity, v featureValues) {
		for _, s := range v.all() {
			if s != "" {
				ent.Facts = ingest.AddFact(ent.Facts, typ, s)
			}
		}
	}
}

// feature adds one Profile Feature to ent: each version's values go to
// the handler of the feature type.
func (a *advanced) feature(line int, rec string, ent *graph.Entity, f *xFeature) *ingest.RowError {
	ftype, ok := a.lookup("FeatureType", f.FeatureTypeID)
	if !ok {
		return recErr(a.name, line, rec, "unknown FeatureTypeID %q", f.FeatureTypeID)
	}
	handle := handlerFor(slug(ftype))
	for _, ver := range f.Versions {
		var v featureValues
		for _, dp := range ver.Periods {
			s, err := dp.format()
			if err != nil {
				return recErr(a.name, line, rec, "feature %q: %v", ftype, err)
			}
			v.texts = append(v.texts, s)
		}
		for _, det := range ver.Details {
			if r := strings.TrimSpace(det.DetailReferenceID); r != "" {
				t, ok := a.lookup("DetailReference", r)
				if !ok {
					return recErr(a.name, line, rec, "feature %q: unknown DetailReferenceID %q", ftype, r)
				}
				v.texts = append(v.texts, t)
				continue
			}
			v.texts = append(v.texts, ingest.Clean(det.Text))
		}
		for _, l := range ver.Locations {
			addr, ok := a.locations[strings.TrimSpace(l.LocationID)]
			if !ok {
				return recErr(a.name, line, rec, "feature %q: unknown LocationID %q", ftype, l.LocationID)
			}
			v.addrs = append(v.addrs, addr)
		}
		handle(ent, v)
	}
	return nil
}
