package ofac

import (
	"sort"

	"github.com/ownex/ownex/graph"
)

// Fact types beyond graph's Fact* constants.
const (
	FactFax                    = "fax"
	FactFormerVesselFlag       = "former-vessel-flag"
	FactVesselOwner            = "vessel-owner"
	FactGrossRegisteredTonnage = "gross-registered-tonnage"
	FactAircraftOperator       = "aircraft-operator"
	FactAircraftBuilt          = "aircraft-manufacture-date"
	FactAircraftSerial         = "aircraft-serial-number"
	FactTargetType             = "target-type"
)

// Identifier schemes. The published label is not kept: labels map to a
// scheme through the labels table below.
const (
	SchemeRegistration  = "registration"
	SchemeTax           = "tax"
	SchemeLEI           = "lei"
	SchemeIMO           = "imo"
	SchemeMMSI          = "mmsi"
	SchemeSWIFT         = "swift"
	SchemePassport      = "passport"
	SchemeNationalID    = "national-id"
	SchemeSSN           = "ssn"
	SchemeDUNS          = "duns"
	SchemeISIN          = "isin"
	SchemeDriverLicense = "driver-license"
	// SchemeCryptoPrefix + lower-case currency code, e.g. "crypto-xbt".
	SchemeCryptoPrefix = "crypto-"
)

// what a remark label introduces.
type what int

const (
	wIdent  what = iota // an identifier; arg is the scheme
	wFact               // a fact; arg is the fact type
	wWeak               // a weak alias in quotes
	wLink               // Linked To: NAME
	wCrypto             // Digital Currency Address - CODE addr
)

type label struct {
	text string
	what what
	arg  string
}

// labels maps remark labels (compared case-insensitively, longest first)
// to what they introduce. Items with no label here are FactRemark.
var labels = sortLabels([]label{
	// registration numbers
	{"Registration Number", wIdent, SchemeRegistration},
	{"Business Registration Number", wIdent, SchemeRegistration},
	{"Company Number", wIdent, SchemeRegistration},
	{"UK Company Number", wIdent, SchemeRegistration},
	{"Registration ID", wIdent, SchemeRegistration},
	{"Commercial Registry Number", wIdent, SchemeRegistration},
	{"Business Registration Document #", wIdent, SchemeRegistration},
	{"Public Registration Number", wIdent, SchemeRegistration},
	{"Certificate of Incorporation Number", wIdent, SchemeRegistration},
	{"Chamber of Commerce Number", wIdent, SchemeRegistration},
	{"Unified Social Credit Code (USCC)", wIdent, SchemeRegistration},
	{"Government Gazette Number", wIdent, SchemeRegistration},
	{"Folio Mercantil No.", wIdent, SchemeRegistration},
	{"Matricula Mercantil No", wIdent, SchemeRegistration},
	{"Trade License No.", wIdent, SchemeRegistration},
	{"C.R. No.", wIdent, SchemeRegistration},
	{"Registered Charity No.", wIdent, SchemeRegistration},
	{"LE Number", wIdent, SchemeRegistration},
	// tax numbers
	{"Tax ID No.", wIdent, SchemeTax},
	{"NIT #", wIdent, SchemeTax},
	{"RUC #", wIdent, SchemeTax},
	{"RIF #", wIdent, SchemeTax},
	{"RTN", wIdent, SchemeTax},
	{"V.A.T. Number", wIdent, SchemeTax},
	{"US FEIN", wIdent, SchemeTax},
	{"Italian Fiscal Code", wIdent, SchemeTax},
	{"C.U.I.T.", wIdent, SchemeTax},
	{"C.I.F.", wIdent, SchemeTax},
	// other identifiers
	{"Legal Entity Number", wIdent, SchemeLEI},
	{"Vessel Registration Identification", wIdent, SchemeIMO},
	{"Identification Number IMO", wIdent, SchemeIMO},
	{"Company Number IMO", wIdent, SchemeIMO},
	{"MMSI", wIdent, SchemeMMSI},
	{"SWIFT/BIC", wIdent, SchemeSWIFT},
	{"Passport", wIdent, SchemePassport},
	{"Diplomatic Passport", wIdent, SchemePassport},
	{"SSN", wIdent, SchemeSSN},
	{"D-U-N-S Number", wIdent, SchemeDUNS},
	{"ISIN", wIdent, SchemeISIN},
	{"Driver's License No.", wIdent, SchemeDriverLicense},
	{"National ID No.", wIdent, SchemeNationalID},
	{"Cedula No.", wIdent, SchemeNationalID},
	{"D.N.I.", wIdent, SchemeNationalID},
	{"C.U.R.P.", wIdent, SchemeNationalID},
	{"C.U.R.P. #", wIdent, SchemeNationalID},
	{"R.F.C.", wIdent, SchemeNationalID},
	{"R.F.C. #", wIdent, SchemeNationalID},
	{"RFC", wIdent, SchemeNationalID},
	{"Identification Number", wIdent, SchemeNationalID},
	{"Personal ID Card", wIdent, SchemeNationalID},
	{"Citizen's Card Number", wIdent, SchemeNationalID},
	{"Numero de Identidad", wIdent, SchemeNationalID},
	{"National Foreign ID Number", wIdent, SchemeNationalID},
	{"Turkish Identificiation Number", wIdent, SchemeNationalID},
	{"Turkish Identification Number", wIdent, SchemeNationalID},
	{"Digital Currency Address -", wCrypto, ""},
	// facts
	{"DOB", wFact, graph.FactBirthDate},
	{"POB", wFact, graph.FactBirthPlace},
	{"nationality", wFact, graph.FactNationality},
	{"Nationality of Registration", wFact, graph.FactNationality},
	{"citizen", wFact, graph.FactCitizenship},
	{"Gender", wFact, graph.FactGender},
	{"Website", wFact, graph.FactWebsite},
	{"Email Address", wFact, graph.FactEmail},
	{"Telephone", wFact, graph.FactPhone},
	{"Telephone No.", wFact, graph.FactPhone},
	{"Telephone Number", wFact, graph.FactPhone},
	{"Phone", wFact, graph.FactPhone},
	{"Phone Number", wFact, graph.FactPhone},
	{"Phone No.", wFact, graph.FactPhone},
	{"Fax", wFact, FactFax},
	{"Fax No.", wFact, FactFax},
	{"Organization Established Date", wFact, graph.FactEstablishmentDate},
	{"Vessel Flag", wFact, graph.FactVesselFlag},
	{"Other Vessel Flag", wFact, graph.FactVesselFlag},
	{"Former Vessel Flag", wFact, FactFormerVesselFlag},
	{"Vessel Type", wFact, graph.FactVesselType},
	{"Other Vessel Type", wFact, graph.FactVesselType},
	{"Other Vessel Call Sign", wFact, graph.FactCallSign},
	{"Vessel Call Sign", wFact, graph.FactCallSign},
	{"Vessel Tonnage", wFact, graph.FactTonnage},
	{"Aircraft Model", wFact, graph.FactAircraftModel},
	{"Aircraft Operator", wFact, FactAircraftOperator},
	{"Aircraft Manufacture Date", wFact, FactAircraftBuilt},
	{"Aircraft Manufacturer's Serial Number (MSN)", wFact, FactAircraftSerial},
	{"Target Type", wFact, FactTargetType},
	// names and links
	{"a.k.a.", wWeak, ""},
	{"Linked To:", wLink, ""},
})

func sortLabels(ls []label) []label {
	sort.SliceStable(ls, func(i, j int) bool { return len(ls[i].text) > len(ls[j].text) })
	return ls
}
