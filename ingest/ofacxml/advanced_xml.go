package ofacxml

import "encoding/xml"

// Advanced (SDN_ADVANCED.XML) structures, FORMATS.md 1.4.

type xRefSets struct {
	Sets []struct {
		Values []xRefValue `xml:",any"`
	} `xml:",any"`
}

type xRefValue struct {
	XMLName     xml.Name
	ID          string `xml:"ID,attr"`
	PartyTypeID string `xml:"PartyTypeID,attr"`
	Text        string `xml:",chardata"`
}

type xYMD struct {
	Year  string `xml:"Year"`
	Month string `xml:"Month"`
	Day   string `xml:"Day"`
}

type xBound struct {
	From *xYMD `xml:"From"`
	To   *xYMD `xml:"To"`
}

type xDatePeriod struct {
	Start *xBound `xml:"Start"`
	End   *xBound `xml:"End"`
}

type xLocation struct {
	ID        string `xml:"ID,attr"`
	Countries []struct {
		CountryID string `xml:"CountryID,attr"`
	} `xml:"LocationCountry"`
	Parts []struct {
		LocPartTypeID string `xml:"LocPartTypeID,attr"`
		Values        []struct {
			Primary string `xml:"Primary,attr"`
			Value   string `xml:"Value"`
		} `xml:"LocationPartValue"`
	} `xml:"LocationPart"`
}

type xIDReg struct {
	ID                string `xml:"ID,attr"`
	IDRegDocTypeID    string `xml:"IDRegDocTypeID,attr"`
	IdentityID        string `xml:"IdentityID,attr"`
	IssuedByCountryID string `xml:"IssuedBy-CountryID,attr"`
	No                string `xml:"IDRegistrationNo"`
}

type xParty struct {
	FixedRef string     `xml:"FixedRef,attr"`
	Profiles []xProfile `xml:"Profile"`
}

type xProfile struct {
	ID             string      `xml:"ID,attr"`
	PartySubTypeID string      `xml:"PartySubTypeID,attr"`
	Identities     []xIdentity `xml:"Identity"`
	Features       []xFeature  `xml:"Feature"`
}

type xIdentity struct {
	ID      string `xml:"ID,attr"`
	Primary string `xml:"Primary,attr"`
	Aliases []struct {
		AliasTypeID string `xml:"AliasTypeID,attr"`
		Primary     string `xml:"Primary,attr"`
		LowQuality  string `xml:"LowQuality,attr"`
		Names       []struct {
			Parts []struct {
				GroupID string `xml:"NamePartGroupID,attr"`
				Text    string `xml:",chardata"`
			} `xml:"DocumentedNamePart>NamePartValue"`
		} `xml:"DocumentedName"`
	} `xml:"Alias"`
	Groups []struct {
		ID             string `xml:"ID,attr"`
		NamePartTypeID string `xml:"NamePartTypeID,attr"`
	} `xml:"NamePartGroups>MasterNamePartGroup>NamePartGroup"`
}

type xFeature struct {
	FeatureTypeID string `xml:"FeatureTypeID,attr"`
	Versions      []struct {
		Periods []xDatePeriod `xml:"DatePeriod"`
		Details []struct {
			DetailReferenceID string `xml:"DetailReferenceID,attr"`
			Text              string `xml:",chardata"`
		} `xml:"VersionDetail"`
		Locations []struct {
			LocationID string `xml:"LocationID,attr"`
		} `xml:"VersionLocation"`
	} `xml:"FeatureVersion"`
}

type xRelation struct {
	ID             string `xml:"ID,attr"`
	From           string `xml:"From-ProfileID,attr"`
	To             string `xml:"To-ProfileID,attr"`
	RelationTypeID string `xml:"RelationTypeID,attr"`
	Former         string `xml:"Former,attr"`
}

type xSanctionsEntry struct {
	ID        string `xml:"ID,attr"`
	ProfileID string `xml:"ProfileID,attr"`
	ListID    string `xml:"ListID,attr"`
	Events    []struct {
		Date *xYMD `xml:"Date"`
	} `xml:"EntryEvent"`
	Measures []struct {
		SanctionsTypeID string `xml:"SanctionsTypeID,attr"`
		Comment         string `xml:"Comment"`
	} `xml:"SanctionsMeasure"`
}
