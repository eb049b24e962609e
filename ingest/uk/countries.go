package uk

import "strings"

// countryCode maps a country name as the UK lists spell it to its ISO
// 3166-1 alpha-2 code, or "" for a name not in the table (the name is then
// kept only in the address or fact that published it).
func countryCode(name string) string {
	return countries[normName(name)]
}

var countries = func() map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(countryTable, "\n") {
		code, names, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		for _, n := range strings.Split(names, "|") {
			m[normName(n)] = code
		}
	}
	return m
}()

// countryTable lists the countries that occur most on sanctions lists,
// with the UK lists' spellings and common variants.
const countryTable = `AF:Afghanistan
AE:United Arab Emirates|UAE
AM:Armenia
AZ:Azerbaijan
BA:Bosnia and Herzegovina
BG:Bulgaria
BY:Belarus
CD:Congo (Democratic Republic)|Democratic Republic of the Congo|Democratic Republic of Congo
CF:Central African Republic
CH:Switzerland
CN:China
CU:Cuba
CY:Cyprus
CZ:Czech Republic|Czechia
DE:Germany
EE:Estonia
EG:Egypt
ER:Eritrea
ES:Spain
FR:France
GB:United Kingdom|UK|Great Britain
GE:Georgia
GN:Guinea
GR:Greece
GW:Guinea-Bissau
HK:Hong Kong
HT:Haiti
IL:Israel
IN:India
IQ:Iraq
IR:Iran
IT:Italy
JO:Jordan
KG:Kyrgyzstan
KP:North Korea|Korea (North)|Democratic People's Republic of Korea|DPRK
KW:Kuwait
KZ:Kazakhstan
LB:Lebanon
LT:Lithuania
LV:Latvia
LY:Libya
MD:Moldova
ME:Montenegro
ML:Mali
MM:Myanmar|Burma
MT:Malta
MY:Malaysia
NE:Niger
NI:Nicaragua
NL:Netherlands
PA:Panama
PK:Pakistan
PL:Poland
PS:Palestine|Occupied Palestinian Territories
QA:Qatar
RO:Romania
RS:Serbia
RU:Russia|Russian Federation
SA:Saudi Arabia
SD:Sudan
SG:Singapore
SO:Somalia
SS:South Sudan
SY:Syria|Syrian Arab Republic
TJ:Tajikistan
TM:Turkmenistan
TN:Tunisia
TR:Turkey|Türkiye
UA:Ukraine
US:United States|United States of America|USA
UZ:Uzbekistan
VE:Venezuela
VG:British Virgin Islands|Virgin Islands (British)
VN:Vietnam|Viet Nam
YE:Yemen
ZW:Zimbabwe`
