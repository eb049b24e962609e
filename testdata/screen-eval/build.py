#!/usr/bin/env python3
"""Build ownex's screening evaluation set (issue 14): two labelled books.

    python3 testdata/screen-eval/build.py            # from the repository root

reads the real OFAC SDN list of January 2019 (testdata/ofac/watchman-test-testdata:
sdn.csv, alt.csv, add.csv, sdn_comments.csv) and the UN Security Council
consolidated list (testdata/un/UN_consolidated.xml) and writes

    testdata/screen-eval/development.csv   (seed DEV_SEED; the rows anyone may tune on)
    testdata/screen-eval/test.csv          (seed TEST_SEED; nobody tunes on it)

Each book has the columns of `ownex screen` (ref, name, country, dob,
identifiers) and label columns the screener ignores: expect (the listed record
ids that are a right answer, ';'-separated; empty for a row that must not
match), category, how (what was done to the name) and source (the listed name
the row was built from).

The listed parties (records grouped by this script's own rules, see parties())
are split into two halves by a hash of the party's smallest record id: the
development book is built only from one half, the test book only from the
other. Word lists (common given names and surnames, brand words) are split the
same way. The output depends on nothing but the input files and the seeds:
Python 3's random.Random with an integer seed and sha256 are stable.

Nothing here calls or reads ownex's matcher: the rows come from the lists and
from general knowledge of how names vary (romanisation families, typing errors,
legal forms, word order). See README.md.
"""

import argparse
import collections
import csv
import hashlib
import os
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

DEV_SEED = 14001
TEST_SEED = 14002

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OFAC_DIR = os.path.join(ROOT, "testdata", "ofac", "watchman-test-testdata")
UN_XML = os.path.join(ROOT, "testdata", "un", "UN_consolidated.xml")

# A word of a company's name is rare in at most RARE records' names, common in
# COMMON_DF or more (neg-other-distinctive).
RARE, COMMON_DF = 3, 10

# Rows per category and book.
SIZES = {
    # listed: the row names a listed party; expect lists its record ids
    "exact-primary": 150,
    "exact-alias": 150,
    "exact-conflicting-country": 200,
    "reordered": 200,
    "transliteration": 200,
    "typo": 200,
    "legal-form": 150,
    # not listed: the row must not match
    "neg-listed-surname": 150,
    "neg-listed-given-name": 150,
    "neg-generic-company": 150,
    "neg-common-person": 150,
    "neg-other-distinctive": 150,
}

# ---------------------------------------------------------------- countries

# ISO 3166-1 alpha-2 codes of the country names both lists use.
ISO = {
    "afghanistan": "AF", "albania": "AL", "algeria": "DZ", "angola": "AO", "argentina": "AR",
    "armenia": "AM", "aruba": "AW", "australia": "AU", "austria": "AT", "azerbaijan": "AZ",
    "bahamas the": "BS", "bahrain": "BH", "bangladesh": "BD", "barbados": "BB", "belarus": "BY",
    "belgium": "BE", "belize": "BZ", "benin": "BJ", "bolivia": "BO", "bosnia and herzegovina": "BA",
    "brazil": "BR", "british virgin islands": "VG", "virgin islands british": "VG", "bulgaria": "BG",
    "burkina faso": "BF", "burma": "MM", "myanmar": "MM", "burundi": "BI", "cambodia": "KH",
    "canada": "CA", "cayman islands": "KY", "central african republic": "CF", "chad": "TD",
    "chile": "CL", "china": "CN", "colombia": "CO", "comoros": "KM",
    "congo democratic republic of the": "CD", "democratic republic of the congo": "CD",
    "congo republic of the": "CG", "congo": "CG", "costa rica": "CR", "cote d ivoire": "CI",
    "croatia": "HR", "cuba": "CU", "cyprus": "CY", "czech republic": "CZ", "denmark": "DK",
    "dominica": "DM", "dominican republic": "DO", "ecuador": "EC", "egypt": "EG",
    "el salvador": "SV", "equatorial guinea": "GQ", "eritrea": "ER", "ethiopia": "ET",
    "finland": "FI", "france": "FR", "gabon": "GA", "the gambia": "GM", "georgia": "GE",
    "germany": "DE", "ghana": "GH", "gibraltar": "GI", "greece": "GR", "guatemala": "GT",
    "guinea bissau": "GW", "guyana": "GY", "haiti": "HT", "honduras": "HN", "hong kong": "HK",
    "china hong kong special administrative region": "HK", "india": "IN", "indonesia": "ID",
    "iran": "IR", "iran islamic republic of": "IR", "iraq": "IQ", "ireland": "IE",
    "man isle of": "IM", "israel": "IL", "italy": "IT", "jamaica": "JM", "japan": "JP",
    "jersey": "JE", "jordan": "JO", "kazakhstan": "KZ", "kenya": "KE",
    "korea north": "KP", "democratic people s republic of korea": "KP", "korea south": "KR",
    "kosovo": "XK", "kuwait": "KW", "kyrgyzstan": "KG", "laos": "LA", "latvia": "LV",
    "lebanon": "LB", "liberia": "LR", "libya": "LY", "liechtenstein": "LI", "luxembourg": "LU",
    "malaysia": "MY", "mali": "ML", "malta": "MT", "marshall islands": "MH", "mauritania": "MR",
    "mexico": "MX", "mongolia": "MN", "montenegro": "ME", "morocco": "MA", "mozambique": "MZ",
    "namibia": "NA", "netherlands": "NL", "netherlands antilles": "AN", "new zealand": "NZ",
    "nicaragua": "NI", "niger": "NE", "nigeria": "NG", "norway": "NO", "oman": "OM",
    "pakistan": "PK", "palestinian": "PS", "state of palestine": "PS", "west bank": "PS",
    "panama": "PA", "paraguay": "PY", "peru": "PE", "philippines": "PH", "poland": "PL",
    "qatar": "QA", "romania": "RO", "russia": "RU", "russian federation": "RU", "rwanda": "RW",
    "saint kitts and nevis": "KN", "saint vincent and the grenadines": "VC", "samoa": "WS",
    "saudi arabia": "SA", "senegal": "SN", "serbia": "RS", "seychelles": "SC",
    "sierra leone": "SL", "singapore": "SG", "slovakia": "SK", "slovenia": "SI", "somalia": "SO",
    "south africa": "ZA", "south sudan": "SS", "spain": "ES", "sri lanka": "LK", "sudan": "SD",
    "sweden": "SE", "switzerland": "CH", "syria": "SY", "syrian arab republic": "SY",
    "taiwan": "TW", "tajikistan": "TJ", "tanzania": "TZ", "united republic of tanzania": "TZ",
    "thailand": "TH", "trinidad and tobago": "TT", "tunisia": "TN", "turkey": "TR",
    "turkiye": "TR", "turkmenistan": "TM", "uganda": "UG", "ukraine": "UA",
    "united arab emirates": "AE", "united kingdom": "GB",
    "united kingdom of great britain and northern ireland": "GB", "united states": "US",
    "united states of america": "US", "uruguay": "UY", "uzbekistan": "UZ", "vanuatu": "VU",
    "venezuela": "VE", "vietnam": "VN", "viet nam": "VN", "yemen": "YE", "zambia": "ZM",
    "zimbabwe": "ZW",
}

# Countries a conflicting country is drawn from: code, then the words that name
# it (a record whose text contains one of them is not given that country).
CONFLICT_COUNTRIES = [
    ("CA", "Canada|Canadian"), ("US", "United States|USA|American|U.S."),
    ("GB", "United Kingdom|Britain|British|England|English|UK|U.K."),
    ("DE", "Germany|German"), ("FR", "France|French"), ("IT", "Italy|Italian"),
    ("ES", "Spain|Spanish"), ("NL", "Netherlands|Dutch|Holland"), ("BE", "Belgium|Belgian"),
    ("CH", "Switzerland|Swiss"), ("AT", "Austria|Austrian"), ("SE", "Sweden|Swedish"),
    ("NO", "Norway|Norwegian"), ("DK", "Denmark|Danish"), ("FI", "Finland|Finnish"),
    ("PL", "Poland|Polish"), ("CZ", "Czech"), ("PT", "Portugal|Portuguese"),
    ("IE", "Ireland|Irish"), ("GR", "Greece|Greek"), ("TR", "Turkey|Turkish|Turkiye"),
    ("RU", "Russia|Russian"), ("UA", "Ukraine|Ukrainian"), ("CN", "China|Chinese"),
    ("JP", "Japan|Japanese"), ("KR", "Korea|Korean"), ("IN", "India|Indian"),
    ("PK", "Pakistan|Pakistani"), ("BR", "Brazil|Brazilian"), ("AR", "Argentina|Argentine"),
    ("MX", "Mexico|Mexican"), ("CO", "Colombia|Colombian"), ("VE", "Venezuela|Venezuelan"),
    ("PE", "Peru|Peruvian"), ("CL", "Chile|Chilean"), ("ZA", "South Africa|South African"),
    ("NG", "Nigeria|Nigerian"), ("KE", "Kenya|Kenyan"), ("EG", "Egypt|Egyptian"),
    ("SA", "Saudi"), ("AE", "United Arab Emirates|Emirates|UAE|U.A.E.|Dubai|Abu Dhabi|Sharjah"),
    ("QA", "Qatar|Qatari"), ("KW", "Kuwait|Kuwaiti"), ("IR", "Iran|Iranian"),
    ("IQ", "Iraq|Iraqi"), ("SY", "Syria|Syrian"), ("LB", "Lebanon|Lebanese"),
    ("JO", "Jordan|Jordanian"), ("IL", "Israel|Israeli"), ("CY", "Cyprus|Cypriot"),
    ("LV", "Latvia|Latvian"), ("LT", "Lithuania|Lithuanian"), ("EE", "Estonia|Estonian"),
    ("SG", "Singapore|Singaporean"), ("MY", "Malaysia|Malaysian"), ("TH", "Thailand|Thai"),
    ("VN", "Vietnam|Viet Nam|Vietnamese"), ("ID", "Indonesia|Indonesian"),
    ("PH", "Philippines|Filipino|Philippine"), ("AU", "Australia|Australian"),
    ("NZ", "New Zealand"), ("HK", "Hong Kong"), ("PA", "Panama|Panamanian"),
]
CONFLICT = [(code, [re.compile(r"(?<![A-Za-z])" + re.escape(w) + r"(?![A-Za-z])", re.I) for w in spec.split("|")])
            for code, spec in CONFLICT_COUNTRIES]

# The origin of a record (for common names that fit it), by its countries.
ORIGIN_OF_COUNTRY = {}
for _origin, _codes in {
    "spanish": "MX CO VE PE PA GT HN EC NI SV CU CR DO BO PY AR CL UY ES",
    "arabic": "SY LB IQ YE AE SA KW QA JO EG LY TN DZ MA SD SO PS OM BH MR",
    "persian": "IR AF TJ",
    "russian": "RU UA BY KZ UZ KG AZ GE AM MD LV",
    "korean": "KP KR",
    "chinese": "CN HK TW",
    "turkish": "TR",
    "southasian": "PK IN BD LK",
    "european": "DE AT CH FR BE NL IT CY MT GR",
    "african": "CD CG RW UG KE SS CF NG ML ZW GM BJ LR SL ER ET GW",
}.items():
    for _c in _codes.split():
        ORIGIN_OF_COUNTRY[_c] = _origin

# ---------------------------------------------------------------- word lists

# Common names by origin: given names, surnames. Split between the two books by
# hash (half()), so the test book's common names are not the development's.
COMMON = {
    "english": (
        "John James Michael David Robert William Richard Thomas Mark Paul Peter George Daniel Andrew "
        "Stephen Edward Mary Sarah Emma Linda Susan Karen Elizabeth Jennifer Laura Helen Rachel Emily",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Clark Hall Wright Walker Robinson "
        "Thompson White Harris Cooper Turner Baker Evans Hughes Edwards Collins Stewart Morris Bennett"),
    "spanish": (
        "Jose Juan Carlos Luis Jorge Miguel Pedro Antonio Francisco Javier Manuel Alejandro Ricardo "
        "Fernando Maria Ana Carmen Rosa Lucia Sofia Isabel Patricia Gabriela Veronica Monica Teresa",
        "Garcia Rodriguez Martinez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz "
        "Morales Ortiz Castillo Romero Herrera Medina Vargas Jimenez Ruiz Moreno Alvarez Mendoza Navarro"),
    "arabic": (
        "Mohammed Ahmed Ali Omar Hassan Hussein Khalid Youssef Ibrahim Mustafa Abdullah Mahmoud Samir "
        "Karim Tariq Walid Nabil Rami Bilal Fatima Aisha Mariam Layla Nour Huda Salma Rania Yasmin",
        "Hassan Ali Ahmed Ibrahim Mansour Haddad Khalil Nasser Saleh Hamdan Aziz Farouk Qasim Rahman "
        "Said Yousef Abbas Jaber Darwish Othman Sabri Karam Najjar Shami Masri Halabi Khoury Tamimi"),
    "persian": (
        "Reza Ali Hossein Mehdi Amir Hamid Saeed Majid Farhad Dariush Behrouz Kamran Payam Arash "
        "Maryam Zahra Fatemeh Shirin Parisa Neda Leila Roya Mina Nasrin",
        "Hosseini Mohammadi Rezaei Ahmadi Karimi Moradi Jafari Rahimi Ebrahimi Sadeghi Kazemi Azizi "
        "Nouri Tehrani Shirazi Bagheri Ghorbani Salehi Hashemi Mousavi Rostami Amini Akbari Esfahani"),
    "russian": (
        "Ivan Sergei Alexander Dmitry Andrei Alexei Mikhail Nikolai Vladimir Pavel Oleg Igor Yuri Roman "
        "Maxim Anna Olga Elena Natalia Irina Tatiana Svetlana Ekaterina Marina Yulia",
        "Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov Morozov Volkov "
        "Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov Andreev Makarov Zaitsev"),
    "chinese": (
        "Wei Lei Jun Jie Yong Ming Hui Fang Na Min Jing Yan Hong Xiaoming Jianguo Xiuying Guiying Tao "
        "Bo Chao Lin Qiang Ping Gang",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang "
        "Song Tang"),
    "korean": (
        "Min-jun Seo-yeon Ji-hoon Hyun-woo Ji-woo Soo-jin Young-ho Sung-min Eun-ji Dong-hyun Ha-eun "
        "Jae-won Mi-young Sang-hoon Yeon-woo Hye-jin",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Oh Seo Kwon Hwang Ahn Song Yoo Hong"),
    "turkish": (
        "Mehmet Mustafa Ahmet Huseyin Hasan Ibrahim Emre Murat Burak Serkan Ayse Fatma Emine Zeynep "
        "Elif Hatice Merve Ozlem",
        "Yilmaz Kaya Demir Sahin Celik Yildiz Yildirim Ozturk Aydin Ozdemir Arslan Dogan Kilic Aslan "
        "Cetin Kara Koc Kurt"),
    "southasian": (
        "Rahul Amit Sanjay Ravi Vikram Arjun Priya Anjali Imran Asif Kamran Faisal Sana Ayesha Nadia "
        "Zainab Suresh Deepak",
        "Sharma Patel Singh Kumar Gupta Khan Shah Qureshi Malik Chaudhry Iqbal Siddiqui Mehta Reddy "
        "Nair Joshi Butt Rana"),
    "european": (
        "Jean Pierre Michel Nicolas Marie Sophie Hans Klaus Stefan Thomas Katarina Giulia Marco Luca "
        "Francesca Lars Henrik Ingrid",
        "Martin Bernard Dubois Moreau Laurent Muller Schmidt Schneider Fischer Weber Meyer Wagner Rossi "
        "Russo Bianchi Ferrari Jansen Larsen"),
    "african": (
        "Emmanuel Joseph Patrick Grace Moussa Abdoulaye Ibrahima Amadou Fatoumata Aminata Kwame Chinedu "
        "Oluwaseun Thabo Blessing Esther",
        "Diallo Traore Coulibaly Keita Okafor Mensah Ndlovu Banda Phiri Mwangi Otieno Adeyemi Okonkwo "
        "Kamara Sesay Mutua Nkosi Boateng"),
}

# Generic words of company names: a not-listed company may share one of them
# with a listed company.
GENERIC = ("TRADING BANK GROUP INTERNATIONAL HOLDING HOLDINGS INVESTMENT INVESTMENTS SHIPPING INDUSTRIES "
           "INDUSTRIAL ENTERPRISES SERVICES GENERAL IMPORT EXPORT CONSTRUCTION PETROLEUM OIL ENERGY "
           "ELECTRONICS TECHNOLOGY TECHNOLOGIES LOGISTICS MARINE MARITIME AIRLINES AVIATION FINANCE "
           "FINANCIAL CAPITAL DEVELOPMENT ENGINEERING EQUIPMENT MINING METALS STEEL CHEMICAL "
           "PHARMACEUTICAL TRAVEL EXCHANGE FOUNDATION INSURANCE TRANSPORT SOLUTIONS PARTNERS "
           "CONSULTING AGRICULTURAL FOODS TEXTILE MANAGEMENT COMMERCIAL INVERSIONES COMERCIAL "
           "CONSTRUCTORA DISTRIBUIDORA INMOBILIARIA SUPPLY SYSTEMS MACHINERY CARGO TRADE PROPERTIES "
           "GLOBAL").split()

# Brand and place words, checked to be no token of any listed name.
BRANDS = ("Northbridge Alderwood Bluewater Lakeshore Silverline Redwood Brightstar Clearwater Highland "
          "Meadowbrook Oakridge Stonegate Westfield Pinecrest Riverside Evergreen Harborview Beacon "
          "Crescent Granite Juniper Keystone Lighthouse Maplewood Orchard Pioneer Sterling Thornbury "
          "Willowdale Zenith Aurora Cobalt Ember Foxglove Hawthorn Ironbridge Kingfisher Larkspur "
          "Moorland Newhaven Oakhurst Primrose Quayside Rosewood Saltmarsh Tidewater Upland Valleyview "
          "Whitecliff Yarrow Ashford Bramley Chesterfield Dunmore Elmstead Fairhaven Glenmore Hollybrook "
          "Inverness Kestrel Linden Millbrook Northgate Oldcastle Penrose Radley Seabright Trentham "
          "Bergen Tampere Gdansk Brno Malmo Utrecht Aarhus Salzburg Bilbao Leeds Graz Ghent Turku Lille "
          "Porto Cork Galway Uppsala Bremen Nantes").split()

LEGAL_SUFFIXES = ["LLC", "Ltd", "Limited", "Inc.", "GmbH", "S.A.", "AG", "B.V.", "PLC", "Co., Ltd.", "JSC",
                  "SARL", "S.R.L.", "Pte. Ltd.", "FZE", "Corp.", "LLP", "S.A. de C.V.", "OOO", ""]

# Legal forms: the families a changed form is drawn from. Longest first when matching.
LEGAL_FAMILIES = [
    ["CO., LTD.", "CO. LTD.", "CO LTD", "COMPANY LIMITED", "CO., LIMITED"],
    ["PTE. LTD.", "PTE LTD", "PRIVATE LIMITED"],
    ["SDN. BHD.", "SDN BHD"],
    ["S.A. DE C.V.", "SA DE CV", "S.A. DE CV"],
    ["S. DE R.L. DE C.V.", "S DE RL DE CV"],
    ["S.A.S.", "SAS"],
    ["S.A.", "SA", "S. A.", "SOCIEDAD ANONIMA"],
    ["S.A.R.L.", "SARL"],
    ["S.R.L.", "SRL"],
    ["LTDA.", "LTDA", "LIMITADA"],
    ["LTD.", "LTD", "LIMITED"],
    ["L.L.C.", "LLC", "LIMITED LIABILITY COMPANY"],
    ["INC.", "INC", "INCORPORATED"],
    ["CORP.", "CORP", "CORPORATION"],
    ["CO.", "CO", "COMPANY"],
    ["GMBH", "G.M.B.H."],
    ["AG"],
    ["B.V.", "BV"],
    ["N.V.", "NV"],
    ["PLC", "P.L.C."],
    ["JSC", "JOINT STOCK COMPANY", "J.S.C."],
    ["OJSC", "OPEN JOINT STOCK COMPANY"],
    ["CJSC", "CLOSED JOINT STOCK COMPANY"],
    ["PJSC", "PUBLIC JOINT STOCK COMPANY"],
    ["FZE", "F.Z.E."],
    ["FZCO", "FZ CO", "FZC"],
    ["LLP", "L.L.P."],
]
LEGAL_ANY = sorted({f for fam in LEGAL_FAMILIES for f in fam}, key=len, reverse=True)
LEGAL_PREFIXES = ["OOO", "ZAO", "OAO", "TOO", "PAO", "AO", "OJSC", "CJSC", "JSC", "PJSC", "PT", "PT."]
LEGAL_TOKENS = {"co", "ltd", "limited", "company", "llc", "l", "c", "inc", "incorporated", "corp",
                "corporation", "sa", "s", "a", "de", "cv", "rl", "sas", "sarl", "srl", "ltda", "limitada",
                "gmbh", "g", "m", "b", "h", "ag", "bv", "v", "nv", "n", "plc", "p", "jsc", "ojsc", "cjsc",
                "pjsc", "joint", "stock", "open", "closed", "public", "fze", "fzco", "fz", "fzc", "llp",
                "ooo", "zao", "oao", "too", "pao", "ao", "pt", "pte", "private", "sdn", "bhd", "liability",
                "sociedad", "anonima", "the", "of", "and", "y", "e", "et", "del", "la", "el", "los", "las"}

# ---------------------------------------------------------------- text helpers


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def is_latin(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def norm(s):
    """Lower case, accents stripped, apostrophes dropped, other punctuation a space."""
    s = strip_accents(s).lower().replace("'", "").replace("\u2019", "").replace("`", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def tokens(s):
    return norm(s).split()


def name_key(s):
    """The name's tokens, order ignored: a listed name and its reordering share it."""
    return tuple(sorted(tokens(s)))


# Romanisation families (general knowledge of name variation). FOLD maps every
# member to the family's first spelling; the negative rows' safety check and the
# ambiguity check fold with it, the transliteration rows draw from it.
FAMILIES = [
    "MUHAMMAD MOHAMMED MOHAMAD MOHAMED MOHAMMAD MUHAMMED",
    "AHMAD AHMED",
    "UMAR OMAR",
    "YUSUF YOUSEF YOUSSEF YUSEF YOUSIF YOUSSOUF",
    "HUSAYN HUSSEIN HUSSAIN HUSAIN HOSSEIN HUSEIN HUSEYIN",
    "HASAN HASSAN",
    "ABDULLAH ABDALLAH ABDULLA",
    "MAHMUD MAHMOUD",
    "MUSTAFA MOSTAFA MUSTAPHA",
    "KHALID KHALED",
    "SAID SAEED",
    "USAMA OSAMA OUSSAMA",
    "IBRAHIM EBRAHIM IBRAHEEM",
    "ISMAIL ISMAEL ESMAIL",
    "YUNUS YOUNES YOUNIS",
    "ABU ABOU",
    "SERGEY SERGEI SERGUEI",
    "ALEKSANDR ALEXANDR ALEXANDER",
    "ALEKSEY ALEKSEI ALEXEI ALEXEY",
    "ANDREY ANDREI",
    "NIKOLAY NIKOLAI",
    "YURIY YURI YURY YURII IOURI",
    "DMITRIY DMITRI DMITRY DMITRII",
    "YEVGENIY YEVGENY EVGENY EVGENII EVGENIY",
    "SONG SUNG",
    "RI LEE YI",
    "CHOE CHOI",
    "PAK PARK",
    "JONG CHONG",
    # folded only (the negative rows' check), never drawn for a variant
    "YELENA ELENA OLENA",
    "OLEKSANDR ALEKSANDR",
    "SERHIY SERGEY",
    "OLEKSIY ALEKSEY",
    "VOLODYMYR VLADIMIR",
    "MYKOLA NIKOLAY",
    "MYKHAYLO MIKHAIL",
]
FOLD_ONLY = 29  # FAMILIES[FOLD_ONLY:] only fold; the others also make variants
assert FAMILIES[FOLD_ONLY] == "YELENA ELENA OLENA"

# FAMILY: a spelling -> the spellings of its family (the variants drawn);
# CANON: a spelling -> one spelling of every family it is linked to (folding).
FAMILY = {}
for _f in FAMILIES[:FOLD_ONLY]:
    for _w in _f.split():
        FAMILY[_w.lower()] = _f.split()
CANON = {}
for _f in FAMILIES:
    _ws = [w.lower() for w in _f.split()]
    _c = next((CANON[w] for w in _ws if w in CANON), _ws[0])
    for _w in _ws:
        if _w in CANON and CANON[_w] != _c:  # two families joined: relabel
            _old = CANON[_w]
            for k in [k for k, v in CANON.items() if v == _old]:
                CANON[k] = _c
        CANON[_w] = _c
ARTICLES = {"al", "el", "ul", "ad", "ash", "as", "ar", "at", "az", "bin", "ibn", "ben", "bint"}


def fold_token(t):
    t = CANON.get(t, t)
    for a, b in (("kh", "h"), ("ph", "f"), ("oo", "u"), ("ou", "u"), ("ee", "i"), ("y", "i"), ("w", "v"),
                 ("tz", "ts"), ("q", "k"), ("ck", "k"), ("dh", "d"), ("th", "t"), ("gh", "g"), ("sch", "sh"),
                 ("j", "i"), ("o", "u"), ("e", "i")):
        t = t.replace(a, b)
    t = re.sub(r"(.)\1+", r"\1", t)
    if len(t) > 3 and t.endswith("h"):
        t = t[:-1]
    if len(t) > 4 and t.endswith(("ii", "iy")):
        t = t[:-2] + "i"
    return t


def fold(s, company=False):
    """Folded tokens: romanisation families, articles and 'abd' prefixes folded; for a
    company, legal-form and small words dropped."""
    out = []
    for t in tokens(s):
        if t in ARTICLES:
            continue
        for p in ("abdul", "abdel", "abdal", "abdoul"):
            if t.startswith(p) and len(t) > len(p) + 2:
                out.append("abd")
                t = t[len(p):]
                break
        if t in ("abdul", "abdel", "abdal", "abdoul", "abd"):
            t = "abd"
        if company and t in LEGAL_TOKENS:
            continue
        out.append(fold_token(t))
    return tuple(sorted(out))


def edit_distance(a, b, cap=3):
    """Optimal string alignment distance (an adjacent transposition is one edit),
    or more than cap."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def title(s):
    """'AL-ZAWAHIRI, Ayman' -> 'Al-Zawahiri, Ayman' (a book's usual case)."""
    def cap(m):
        w = m.group(0)
        i = next(i for i, c in enumerate(w) if c.isalpha())
        return w[:i + 1].upper() + w[i + 1:].lower()
    return re.sub(r"['\u2019]?[A-Za-z\u00C0-\u024F]['\u2019A-Za-z\u00C0-\u024F]*", cap, s)


def h(s):
    return int(hashlib.sha256(s.encode("utf-8")).hexdigest(), 16)


def half(key):
    """0: development, 1: test."""
    return h("ownex-screen-eval-split:" + key) % 2


# ---------------------------------------------------------------- reading the lists


class Record:
    def __init__(self, rid, kind, name):
        self.id = rid
        self.kind = kind  # person, company, vessel, aircraft, organization
        self.name = name
        self.aliases = []  # strong aliases
        self.weak = []
        self.countries = []  # names as published
        self.text = name  # everything published about it (for the conflicting-country choice)
        self.dobs = []  # usable dates of birth: YYYY-MM-DD or YYYY
        self.years = set()  # every birth year mentioned (exact, circa, ranges)
        self.docs = set()  # passport and national id numbers
        self.party = None

    @property
    def person(self):
        return self.kind == "person"

    def isos(self):
        out = []
        for c in self.countries:
            code = ISO.get(norm(c))
            if code and code not in out:
                out.append(code)
        return out

    def origin(self):
        for c in self.isos():
            if c in ORIGIN_OF_COUNTRY:
                return ORIGIN_OF_COUNTRY[c]
        return None


def read_ofac_file(name):
    raw = open(os.path.join(OFAC_DIR, name), "rb").read().rstrip(b"\x1a")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    rows = list(csv.reader(text.splitlines(), skipinitialspace=False))
    out = []
    for r in rows:
        if not r:
            continue
        out.append(["" if f.strip() in ("-0-", "-0") else f.strip() for f in r])
    return out


MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def ofac_dob(value, rec):
    v = value.strip().rstrip(".")
    m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3}) (\d{4})", v)
    if m and m.group(2).lower() in MONTHS:
        rec.dobs.append("%s-%02d-%02d" % (m.group(3), MONTHS[m.group(2).lower()], int(m.group(1))))
        rec.years.add(int(m.group(3)))
        return
    m = re.fullmatch(r"(?:[A-Za-z]{3} )?(\d{4})", v)
    if m:
        rec.dobs.append(m.group(1))
        rec.years.add(int(m.group(1)))
        return
    ys = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", v)]
    if len(ys) == 2 and "to" in v:
        rec.years.update(range(ys[0], ys[1] + 1))
    else:
        for y in ys:  # circa: a year either side
            rec.years.update((y - 1, y, y + 1))


def read_ofac():
    recs = {}
    kinds = {"individual": "person", "": "company", "vessel": "vessel", "aircraft": "aircraft"}
    for f in read_ofac_file("sdn.csv"):
        r = Record("ofac:" + f[0], kinds[f[2].lower()], f[1])
        r.remarks = f[11]
        r.text = " ".join(x for x in f[1:] if x)
        recs[f[0]] = r
    for f in read_ofac_file("alt.csv"):
        r = recs.get(f[0])
        if r and f[3] and f[3] != r.name and f[3] not in r.aliases:
            r.aliases.append(f[3])
            r.text += " " + f[3]
    for f in read_ofac_file("add.csv"):
        r = recs.get(f[0])
        if r:
            if f[4] and f[4] not in r.countries:
                r.countries.append(f[4])
            r.text += " " + " ".join(x for x in f[2:] if x)
    for f in read_ofac_file("sdn_comments.csv"):
        r = recs.get(f[0])
        if r:
            r.remarks += f[1]
            r.text += " " + f[1]
    for r in recs.values():
        for item in r.remarks.split("; "):
            item = item.strip().rstrip(".")
            m = re.match(r"(?:alt\. )?DOB (.+)$", item)
            if m:
                ofac_dob(m.group(1), r)
            m = re.match(r"(?:nationality|citizen|alt\. nationality|alt\. citizen) (.+)$", item)
            if m and m.group(1) not in r.countries:
                r.countries.append(m.group(1))
            m = re.match(r"(?:Passport|National ID No\.|Cedula No\.|Identification Number) ([A-Z0-9][A-Z0-9-]{4,})", item)
            if m:
                r.docs.add(re.sub(r"[^A-Z0-9]", "", m.group(1)))
        for m in re.finditer(r"a\.k\.a\.,? '([^']+)'", r.remarks):
            if m.group(1) not in r.weak:
                r.weak.append(m.group(1))
    return list(recs.values())


def xtext(e, path):
    x = e.find(path)
    return " ".join(x.text.split()) if x is not None and x.text else ""


def read_un():
    root = ET.parse(UN_XML).getroot()
    out = []
    for tag, kind, atag, addtag in (("INDIVIDUAL", "person", "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS"),
                                    ("ENTITY", "organization", "ENTITY_ALIAS", "ENTITY_ADDRESS")):
        for e in root.iter(tag):
            ref = xtext(e, "REFERENCE_NUMBER")
            name = " ".join(xtext(e, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME") if xtext(e, t))
            r = Record("un:" + ref, kind, name)
            r.text = " ".join(" ".join(x.text.split()) for x in e.iter() if x.text and x.text.strip())
            for a in e.findall(atag):
                n, q = xtext(a, "ALIAS_NAME"), xtext(a, "QUALITY")
                if not n or n == name:
                    continue
                if q == "Low":
                    if n not in r.weak:
                        r.weak.append(n)
                elif n not in r.aliases:
                    r.aliases.append(n)
            for n in e.findall("NAME_ORIGINAL_SCRIPT"):
                if n.text and n.text.strip() and n.text.strip() not in r.aliases:
                    r.aliases.append(" ".join(n.text.split()))
            for c in [x.text for x in e.findall("NATIONALITY/VALUE")] + \
                     [xtext(a, "COUNTRY") for a in e.findall(addtag)] + \
                     [xtext(a, "COUNTRY") for a in e.findall("INDIVIDUAL_PLACE_OF_BIRTH")]:
                c = " ".join((c or "").split())
                if c and c not in r.countries:
                    r.countries.append(c)
            for d in e.findall("INDIVIDUAL_DATE_OF_BIRTH"):
                typ, date, year = xtext(d, "TYPE_OF_DATE"), xtext(d, "DATE"), xtext(d, "YEAR")
                if typ == "EXACT" and re.fullmatch(r"\d{4}-\d\d-\d\d", date):
                    r.dobs.append(date)
                    r.years.add(int(date[:4]))
                elif typ == "EXACT" and re.fullmatch(r"\d{4}", year):
                    r.dobs.append(year)
                    r.years.add(int(year))
                elif typ == "APPROXIMATELY" and re.fullmatch(r"\d{4}", year):
                    r.years.update((int(year) - 1, int(year), int(year) + 1))
                elif typ == "BETWEEN":
                    a, b = xtext(d, "FROM_YEAR"), xtext(d, "TO_YEAR")
                    if a.isdigit() and b.isdigit():
                        r.years.update(range(int(a), int(b) + 1))
            for d in e.findall("INDIVIDUAL_DOCUMENT"):
                n = re.sub(r"[^A-Z0-9]", "", xtext(d, "NUMBER").upper())
                if len(n) >= 5:
                    r.docs.add(n)
            out.append(r)
    return out


# ---------------------------------------------------------------- parties


def strong_names(r):
    return [n for n in [r.name] + r.aliases if is_latin(n)]


def group_names(r):
    """(name, primary) for strong_names and each without a part in parentheses
    ('ORGANIZATION AND GUIDANCE DEPARTMENT (OGD)'): the names parties are
    grouped by; primary says whether it is the record's primary name."""
    out = []
    for n in strong_names(r):
        bare = " ".join(re.sub(r"\([^)]*\)", " ", n).split())
        for x in (n, bare) if bare and bare != n else (n,):
            out.append((x, n == r.name))
    return out


def all_names(r):
    return [n for n in [r.name] + r.aliases + r.weak if is_latin(n)]


def kind_class(r):
    return "person" if r.person else "other"


def parties(recs):
    """Group the records of both lists into parties, by this script's own rules:
    two records of the same kind class (person / not) are one party when they share
    a strong name (primary or strong alias, Latin script) as a set of tokens, with
    no birth years against it (both have years and none in common), or share a
    passport or national id number and a name word; a UN person and an OFAC person also when they
    have the same full date of birth and two name tokens in common, or when the
    tokens of a name of one are all in a name of the other (two tokens or more)
    and they have a birth year in common, a rare token among those in common; a
    UN and an OFAC organisation when their names (legal forms aside) have the
    same words in the same order up to one typing error (three words or more,
    or two with one of them rare). Two organisations that
    share only an alias (not a primary name) are not one party: the lists give
    'ANSAR ALLAH' to both Hizballah and the Houthis. Names are also compared
    without a part in parentheses. This is what expect lists: any record of
    the party is a right answer."""
    parent = {r.id: r.id for r in recs}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_key = collections.defaultdict(list)  # (kind class, name tokens) -> [(record, primary)]
    by_doc = collections.defaultdict(list)
    for r in recs:
        for n, primary in group_names(r):
            k = name_key(n)
            if len(k) >= 2 or (not r.person and len("".join(k)) >= 6):
                by_key[(kind_class(r), k)].append((r, primary))
        if r.person:
            for d in r.docs:
                if len(d) >= 6:
                    by_doc[d].append(r)
    for group in by_key.values():
        for i, (a, pa) in enumerate(group):
            for b, pb in group[i + 1:]:
                if a.id == b.id:
                    continue
                if a.person and a.years and b.years and not (a.years & b.years):
                    continue  # namesakes born years apart
                if not a.person and not (pa or pb):
                    continue  # two organisations sharing an alias only ('ANSAR ALLAH')
                union(a.id, b.id)
    def words(r):
        return {t for n in strong_names(r) for t in tokens(n) if len(t) >= 3 and t not in ARTICLES}

    for group in by_doc.values():  # with a name word in common: the UN gives two
        for i, a in enumerate(group):  # IRGC officers the same passports
            for b in group[i + 1:]:
                if words(a) & words(b):
                    union(a.id, b.id)
    # A person on both lists: the same full date of birth and two name tokens in
    # common, or one name's tokens all in a name of the other (two tokens or
    # more) with a birth year in common ('MARGOSHVILI, Murad' and 'Murad
    # Iraklievich Margoshvili'); either way with a rare token (in six records'
    # names at most: a surname, not Abd al-Rahman) among those in common.
    def name_sets(r):  # articles and Abd/Abdul aside: 'QADIR, Abdul' is one word
        return [set(t for t in tokens(n) if t not in ARTICLES and t not in ("abd", "abdul", "abdel"))
                for n in strong_names(r)]

    df = collections.Counter(t for r in recs for t in {t for n in all_names(r) for t in tokens(n)})

    def rare(ts):
        return any(df[t] <= 6 and len(t) >= 3 for t in ts)

    un = [r for r in recs if r.person and r.id.startswith("un:")]
    by_year = collections.defaultdict(list)
    for r in recs:
        if r.person and r.id.startswith("ofac:"):
            for y in r.years:
                by_year[y].append(r)
    for u in un:
        us = name_sets(u)
        cands = {o.id: o for y in u.years for o in by_year.get(y, ())}
        for o in cands.values():
            os_ = name_sets(o)
            same_date = bool(set(d for d in u.dobs if len(d) == 10) & set(d for d in o.dobs if len(d) == 10))
            shared = set().union(*us) & set().union(*os_) if us and os_ else set()
            if same_date and len(shared) >= 2 and rare(shared) or \
                    any(len(a) >= 2 and len(b) >= 2 and (a <= b and rare(a) or b <= a and rare(b)) for a in us for b in os_):
                union(u.id, o.id)
    # An organisation on both lists: names with the same words in the same order,
    # legal forms aside, up to one typing error in words of six letters or more
    # and the ending of words of eight ('JOZA INDUSTRIES COMPANY', 'JOZA INDUSTRIAL
    # CO.'; 'DEFENCE INDUSTRIES ORGANISATION', 'DEFENSE INDUSTRIES
    # ORGANIZATION'), three words or more, or two with one of them rare.
    def org_words(r):
        out = []
        for n, _ in group_names(r):
            ts = [t for t in tokens(n) if t not in LEGAL_TOKENS]
            if len(ts) >= 3 or len(ts) == 2 and any(df[t] <= 3 and len(t) >= 4 for t in ts):
                out.append(ts)
        return out

    def same_word(a, b):
        n = min(len(a), len(b))
        return a == b or n >= 6 and edit_distance(a, b, 1) <= 1 or n >= 8 and a[:6] == b[:6]

    by_org = collections.defaultdict(list)
    for r in recs:
        if not r.person and r.id.startswith("ofac:"):
            for ts in org_words(r):
                by_org[(len(ts), ts[0][:3])].append((r, ts))
    for u in recs:
        if not u.person and u.id.startswith("un:"):
            for ts in org_words(u):
                for o, os_ in by_org.get((len(ts), ts[0][:3]), ()):
                    if all(same_word(a, b) for a, b in zip(ts, os_)):
                        union(u.id, o.id)
    members = collections.defaultdict(list)
    for r in recs:
        members[find(r.id)].append(r)
    for root, ms in members.items():
        ids = sorted(m.id for m in ms)
        for m in ms:
            m.party = ids
    return members


# ---------------------------------------------------------------- the listed names index


def token_match(a, b):
    """Folded tokens a and b are the same or a typing error away: equal, or up to
    two edits apart in tokens of six letters or more (the typo rows' rule). Short
    tokens must be equal: Mario is not Maria."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 6 and edit_distance(a, b, 2) <= 2


def contains(big, small):
    """Every token of small matches its own token of big (token_match)."""
    pool = list(big)
    rest = []
    for t in small:
        if t in pool:
            pool.remove(t)
        else:
            rest.append(t)
    for t in rest:
        j = next((j for j, u in enumerate(pool) if token_match(t, u)), None)
        if j is None:
            return False
        pool.pop(j)
    return True


def near_keys(t):
    """t and, for six letters or more, t less one letter: two tokens one edit
    apart share a key."""
    if len(t) < 6:
        return {t}
    return {t} | {t[:i] + t[i + 1:] for i in range(len(t))}


class Listed:
    """Every listed name and alias (weak ones included) of both lists, folded, to
    check (by exact strings and tokens, never by ownex's matcher) that a row is not
    a listed name, and that a variant of a listed name is not another party's name."""

    def __init__(self, recs):
        self.forms = []  # (folded tokens, party key, a company's name with its legal form dropped)
        self.exact = set()
        self.post = collections.defaultdict(set)
        self.fold_parties = collections.defaultdict(set)
        self.token_set = set()
        for r in recs:
            pk = r.party[0]
            names = all_names(r)
            names += [b for b in (" ".join(re.sub(r"\([^)]*\)", " ", n).split()) for n in names) if b and b not in names]
            for n in names:
                self.exact.add(norm(n))
                for t in tokens(n):
                    self.token_set.add(t)
                for f, core in {(fold(n), False), (fold(n, company=not r.person), not r.person)}:
                    if not f:
                        continue
                    i = len(self.forms)
                    self.forms.append((f, pk, core))
                    self.fold_parties[f].add(pk)
                    for t in set(f):
                        for k in near_keys(t):
                            self.post[k].add(i)

    def others(self, name, party, company):
        """The parties other than party that hold name, folded."""
        out = set()
        for f in {fold(name), fold(name, company)}:
            out |= self.fold_parties.get(f, set())
        out.discard(party)
        return out

    def inside_other(self, name, party, company):
        """name, folded, has all its tokens in a name of another party than
        party: a row of it could rightly be answered with that party."""
        for R in {fold(name), fold(name, company)}:
            if not R:
                continue
            cands = None
            for t in set(R):
                p = self.post.get(t, set())
                cands = p if cands is None else cands & p
            for i in cands or ():
                L, pk, _ = self.forms[i]
                if pk != party and not (collections.Counter(R) - collections.Counter(L)):
                    return True
        return False

    def looks_listed(self, name, company=False):
        """Why name cannot be a not-listed row, or '': it is a listed name, or every
        one of its tokens is in one listed name (a short form: 'Luis Moreno' for
        'MORENO MEDINA, Luis Ignacio'; 'Elena Semenov' for 'SEMENOVA, Olena'), or it
        holds every token of a listed name of two tokens or more ('ISLAMIC STATE OF
        IRAQ AND THE LEVANT - X PROVINCE'), or (for a company) the whole of a listed
        company's name without its legal form."""
        if norm(name) in self.exact:
            return "exact listed name"
        for R in {fold(name), fold(name, company)}:
            if len(R) < 2:
                return "too few tokens"
            cands = set()
            for t in set(R):
                for k in near_keys(t):
                    cands |= self.post.get(k, set())
            for i in cands:
                L, _, core = self.forms[i]
                if contains(L, R):
                    return "every token in one listed name"
                if len(L) >= 2 and contains(R, L):
                    return "holds a whole listed name"
                if company and core and len(L) == 1 and len(L[0]) >= 5 and L[0] in R:
                    return "holds a listed company's name"
        return ""


# ---------------------------------------------------------------- variants of listed names

QWERTY = "qwertyuiop asdfghjkl zxcvbnm"


def neighbours(c):
    lo = c.lower()
    rows = QWERTY.split()
    for row in rows:
        i = row.find(lo)
        if i >= 0:
            ns = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            return [n.upper() if c.isupper() else n for n in ns]
    return []


def typo_token(rng, t):
    """One typing error in t, never in its first letter."""
    ops = ["insert", "delete", "substitute", "transpose"]
    rng.shuffle(ops)
    for op in ops:
        if op == "insert":
            i = rng.randrange(1, len(t) + 1)
            near = neighbours(t[i - 1]) + [t[i - 1]]
            return t[:i] + rng.choice(near) + t[i:], op
        if op == "delete":
            i = rng.randrange(1, len(t))
            return t[:i] + t[i + 1:], op
        if op == "substitute":
            i = rng.randrange(1, len(t))
            near = neighbours(t[i])
            if near:
                return t[:i] + rng.choice(near) + t[i + 1:], op
        if op == "transpose":
            cands = [i for i in range(1, len(t) - 1) if t[i] != t[i + 1]]
            if cands:
                i = rng.choice(cands)
                return t[:i] + t[i + 1] + t[i] + t[i + 2:], op
    return None, None


def make_typo(rng, name):
    words = list(re.finditer(r"[A-Za-z]{6,}", name))
    if not words:
        return None, None
    two = rng.random() < 0.4
    spans = [rng.choice(words)]
    if two and len(words) > 1 and rng.random() < 0.5:
        spans = rng.sample(words, 2)
    elif two and len(spans[0].group(0)) < 8:
        two = False
    out, hows = name, []
    for m in sorted(spans, key=lambda m: -m.start()):
        w = m.group(0)
        for _ in range(2 if two and len(spans) == 1 else 1):
            w2, op = typo_token(rng, w)
            if not w2:
                return None, None
            w, hows = w2, hows + [op]
        out = out[:m.start()] + w + out[m.end():]
    return out, "typo: " + "+".join(hows) + (" in " + "/".join(m.group(0) for m in spans))


def keep_case(src, repl):
    if src.isupper():
        return repl.upper()
    if src[:1].isupper():
        return repl[:1].upper() + repl[1:].lower()
    return repl.lower()


def translit_rules(r, name, person):
    """The romanisation variants that apply to name: (rule, new name, (start, end)
    of the changed part in the new name) triples. Family, Abd al- and al- rules
    apply to every name; the rules of one origin (Persian, Russian, Korean, by the
    record's countries) to the names of persons of that origin only."""
    out = []

    def sub(rule, start, end, rep):
        out.append((rule, name[:start] + rep + name[end:], (start, start + len(rep))))

    # rule classes, for a balanced book (rule_class())

    origin = r.origin()
    # whole-token families (Korean ones for Korean records only)
    for m in re.finditer(r"(?<!['\u2019])\b[A-Za-z]+\b(?!['\u2019])", name):
        w = m.group(0)
        if w.upper() in KOREAN_FAMILIES and origin != "korean":
            continue
        for v in FAMILY.get(w.lower(), ()):
            if v.lower() != w.lower():
                sub("%s/%s" % (w.upper(), v), m.start(), m.end(), keep_case(w, v))
    # Abd al-X <-> Abdul X <-> Abdel X <-> AbdulX
    for m in re.finditer(r"\b(ABD|Abd)[ -](AL|Al|al|EL|El|el)[- ]([A-Za-z]{3,})", name):
        c, x = m.group(1), m.group(3)
        sub("abd al-/abdul", m.start(), m.end(), keep_case(c, "abdul") + " " + x)
        sub("abd al-/abdel", m.start(), m.end(), keep_case(c, "abdel") + " " + x)
        sub("abd al-/abdul joined", m.start(), m.end(), keep_case(c, "abdul") + (x if c.isupper() else x.lower()))
    for m in re.finditer(r"\b(ABDUL|Abdul|ABDEL|Abdel)[ -]([A-Za-z]+)", name):
        c, x = m.group(1), m.group(2)
        other = "abdel" if c.lower() == "abdul" else "abdul"
        sub("%s/abd al-" % c.lower(), m.start(), m.end(), keep_case(c, "abd") + " " + keep_case(c, "al") + "-" + x)
        sub("%s/%s" % (c.lower(), other), m.start(), m.end(), keep_case(c, other) + " " + x)
    # the article al- / el-: changed, or dropped
    for m in re.finditer(r"\b(AL|Al|al|EL|El|el)-([A-Za-z]+)", name):
        other = {"al": "el", "el": "al"}[m.group(1).lower()]
        sub("%s-/%s-" % (m.group(1).lower(), other), m.start(), m.end(), keep_case(m.group(1), other) + "-" + m.group(2))
        sub("%s- dropped" % m.group(1).lower(), m.start(), m.end(), m.group(2))
    for m in re.finditer(r"\b(AL|Al) ([A-Za-z]{3,})", name):
        sub("al dropped", m.start(), m.end(), m.group(2))
    if not person:
        origin = None
    if origin in ("persian", "russian"):
        for m in re.finditer(r"[A-Za-z]+", name):
            w = m.group(0)
            i = w.lower().find("kh", 1)
            if 0 < i < len(w) - 2:  # inside the token: Derakhshandeh, Mikhail (not Sheikh)
                sub("kh/h", m.start(), m.end(), w[:i] + w[i + 1:])
            if origin == "persian" and w.lower().endswith("zadeh"):
                sub("-zadeh/-zade", m.start(), m.end(), w[:-1])
    if origin == "russian":
        for m in re.finditer(r"[A-Za-z]{4,}", name):
            w, lo = m.group(0), m.group(0).lower()
            vs = []
            if lo.endswith("iy"):  # -iy -> -y, -ii
                vs = [w[:-2] + keep_case(w[-1], "y"), w[:-1] + w[-2]]
            elif lo.endswith("ii"):
                vs = [w[:-2] + keep_case(w[-1], "y"), w[:-1] + keep_case(w[-1], "y")]
            elif lo.endswith("y") and lo[-2] not in "aeiouy":
                vs = [w[:-1] + keep_case(w[-1], "iy"), w[:-1] + keep_case(w[-1], "ii")]
            for v in vs:
                sub("-iy/-y/-ii", m.start(), m.end(), v)
            if lo.startswith("ye"):
                sub("ye/e", m.start(), m.end(), keep_case(w[0], "e") + w[2:])
            elif lo.startswith("e") and lo[1] not in "aeiou":
                sub("e/ye", m.start(), m.end(), keep_case(w[0], "ye") + w[1:])
            j = lo.find("eye", 1)
            if j > 0:
                sub("ye/e", m.start(), m.end(), w[:j + 1] + w[j + 2:])
            j = lo.find("ts", 1)
            if j > 0:
                sub("ts/tz", m.start(), m.end(), w[:j + 1] + keep_case(w[j + 1], "z") + w[j + 2:])
    if origin == "korean":
        for m in re.finditer(r"[A-Za-z]+(?:'[A-Za-z]*)+", name):
            w = m.group(0)
            sub("McCune-Reischauer apostrophe dropped", m.start(), m.end(), w.replace("'", ""))
            v = re.sub(r"([Oo])'", lambda x: keep_case(x.group(1), "eo"), w)
            v = re.sub(r"([Uu])'", lambda x: keep_case(x.group(1), "eu"), v).replace("'", "")
            sub("McCune-Reischauer o'/eo, u'/eu", m.start(), m.end(), v)
        for m in re.finditer(r"\b([A-Za-z']+)-([A-Za-z']+)\b", name):
            sub("Korean given name joined", m.start(), m.end(), m.group(1) + m.group(2).lower())
    seen, uniq = set(), []
    for rule, v, span in out:
        if norm(v) != norm(name) and v not in seen:
            seen.add(v)
            uniq.append((rule, v, span))
    return uniq


ARABIC_FAMILIES = {w for f in FAMILIES[:16] for w in f.split()}
CYRILLIC_FAMILIES = {w for f in FAMILIES[16:24] for w in f.split()}
KOREAN_FAMILIES = {w for f in FAMILIES[24:] for w in f.split()}


def rule_class(rule):
    """arabic-given, abd, article, cyrillic, persian or korean."""
    first = rule.split("/")[0]
    if first in ARABIC_FAMILIES:
        return "arabic-given"
    if first in CYRILLIC_FAMILIES or rule in ("-iy/-y/-ii", "ye/e", "e/ye", "ts/tz"):
        return "cyrillic"
    if rule.startswith(("abd", "abdul", "abdel")):
        return "abd"
    if rule.startswith(("al", "el")):
        return "article"
    if rule in ("kh/h", "-zadeh/-zade"):
        return "persian-cyrillic"
    return "korean"


def split_legal(name):
    """(core, legal form, whether it was a prefix) of a company name, or None."""
    up = name.upper().rstrip()
    for lf in LEGAL_ANY:
        for sep in (", ", " ", ","):
            if up.endswith(sep + lf) and len(up) > len(lf) + len(sep) + 2:
                core = name[:len(name.rstrip()) - len(lf) - len(sep)].rstrip(" ,")
                return core, name[len(core):].strip(" ,"), False
    first = up.split(" ", 1)
    if len(first) == 2 and first[0].strip('"') in LEGAL_PREFIXES:
        return name.split(" ", 1)[1].strip(' "'), first[0], True
    return None


# Families whose forms a book may record in place of one another ("changed").
LEGAL_GROUPS = [
    ["LTD.", "L.L.C.", "INC.", "CORP.", "CO.", "PLC", "CO., LTD.", "LLP"],
    ["S.A.", "S.A.S.", "S.A. DE C.V.", "S. DE R.L. DE C.V.", "LTDA.", "S.R.L.", "S.A.R.L."],
    ["GMBH", "AG", "B.V.", "N.V."],
    ["JSC", "OJSC", "CJSC", "PJSC"],
    ["FZE", "FZCO", "L.L.C."],
    ["PTE. LTD.", "SDN. BHD.", "CO., LTD.", "LTD."],
]


def legal_variant(rng, name, titled):
    """name with its legal form dropped, written another way (Ltd/Limited) or
    changed to a form of the same group (Ltd/LLC, S.A./S.A. de C.V., GmbH/AG)."""
    s = split_legal(name)
    if not s:
        return None, None
    core, lf, prefix = s
    if len(norm(core)) < 4:
        return None, None
    key = lf.upper().rstrip(".")
    fam = next((f for f in LEGAL_FAMILIES if key in [x.rstrip(".") for x in f]), [lf.upper()])
    core = title(core) if titled else core
    r = rng.random()
    if r < 0.45:
        return core, "legal form %s dropped" % lf
    if r < 0.75 and len(fam) > 1:
        v = rng.choice([x for x in fam if x.rstrip(".") != key])
        how = "legal form %s written %s" % (lf, v)
    else:
        group = next((g for g in LEGAL_GROUPS if fam[0] in g), LEGAL_GROUPS[0])
        v = rng.choice([x for x in group if x != fam[0]])
        how = "legal form %s changed to %s" % (lf, v)
    if titled:  # Ltd., Limited Liability Company, GmbH; LLC, JSC, S.A. stay
        v = {"GMBH": "GmbH", "G.M.B.H.": "GmbH"}.get(v, v if re.fullmatch(r"[A-Z]{2,4}|([A-Z]\.)+.*", v) else title(v))
    if prefix:
        return v + " " + core, how
    return (core + ", " + v if "," in name else core + " " + v), how


def reorder(rng, r, name):
    if "," in name:
        last, given = [x.strip() for x in name.split(",", 1)]
        if not last or not given:
            return None, None
        if rng.random() < 0.7:
            return given + " " + last, "natural order (given names first)"
        return last + " " + given, "surname first, no comma"
    ws = name.split()
    if len(ws) < 2:
        return None, None
    x = rng.random()
    if x < 0.4:
        return ws[-1] + ", " + " ".join(ws[:-1]), "last name first, with a comma"
    if x < 0.7 or len(ws) < 3:
        return ws[-1] + " " + " ".join(ws[:-1]), "last name first"
    return " ".join(ws[1:]) + " " + ws[0], "first name last"


# ---------------------------------------------------------------- the books


class Book:
    def __init__(self, name, seed, part, recs, listed, df):
        self.name, self.rng, self.part = name, random.Random(seed), part
        self.listed, self.df = listed, df
        self.recs = [r for r in recs if half(r.party[0]) == part]
        self.byid = {r.id: r for r in recs}
        self.rows = []
        self.used = collections.defaultdict(set)  # category -> record ids used
        self.names = set()

    def words(self, ws):
        return [w for w in ws if half("word:" + w.lower()) == self.part]

    def country_for(self, r, p=0.5):
        isos = r.isos()
        if isos and self.rng.random() < p:
            return self.rng.choice(isos)
        return ""

    def dob_for(self, r, p=0.5):
        if r.person and r.dobs and self.rng.random() < p:
            return r.dobs[0]
        return ""

    def add(self, category, name, expect, how, source, country="", dob=""):
        name = " ".join(name.split())
        if not name or (name, country) in self.names:
            return False
        self.names.add((name, country))
        self.rows.append({"name": name, "country": country, "dob": dob, "identifiers": "",
                          "expect": ";".join(expect), "category": category, "how": how, "source": source})
        return True

    def unambiguous(self, r, name):
        """name (as a variant of r's name) is held by no other party, folded."""
        return not self.listed.others(name, r.party[0], not r.person)

    def source(self, r, name):
        """name of r can be the source of a listed row: Latin script, for a person
        two tokens or more (a lone 'YOUNES' is a given name, not a name to screen),
        held by no other party, nor all its tokens in a name of another party ('Muhammad
        Yusuf' is in 'SHAH, Mohammad Yusuf': a row of it is rightly ambiguous)."""
        return (is_latin(name) and (not r.person or len(tokens(name)) >= 2) and self.unambiguous(r, name)
                and not self.listed.inside_other(name, r.party[0], not r.person))

    def fill(self, category, make, pool, want=None):
        """want rows (default SIZES[category]) of category from records of pool, in
        a seeded order, one per record."""
        want = SIZES[category] if want is None else want
        pool = sorted(pool, key=lambda r: r.id)
        self.rng.shuffle(pool)
        n = 0
        for r in pool:
            if n >= want:
                break
            if make(r):
                n += 1
        if n < want:
            print("%s: %s: only %d rows (wanted %d)" % (self.name, category, n, want), file=sys.stderr)

    def fill_translit(self, recs):
        """Transliteration rows, the rule classes taken in turn (the article al- alone
        applies to a third of the names that have any rule) while records last."""
        classes = ["arabic-given", "cyrillic", "article", "abd", "korean", "persian-cyrillic"]
        pool = sorted(recs, key=lambda r: r.id)
        self.rng.shuffle(pool)
        pos = {c: 0 for c in classes}
        n, live = 0, list(classes)
        while n < SIZES["transliteration"] and live:
            for c in list(live):
                while pos[c] < len(pool) and not self.transliteration(pool[pos[c]], c):
                    pos[c] += 1
                if pos[c] >= len(pool):
                    live.remove(c)
                    continue
                pos[c] += 1
                n += 1
                if n >= SIZES["transliteration"]:
                    break

    # listed rows ----------------------------------------------------------

    def exact_primary(self, r):
        if not self.source(r, r.name):
            return False
        return self.add("exact-primary", r.name, r.party, "primary name as listed", r.name,
                        self.country_for(r), self.dob_for(r))

    def exact_alias(self, r):
        als = [a for a in r.aliases if name_key(a) != name_key(r.name) and self.source(r, a)]
        if not als:
            return False
        a = self.rng.choice(als)
        return self.add("exact-alias", a, r.party, "alias as listed", a, self.country_for(r), self.dob_for(r))

    def conflicting_country(self, r):
        names = [n for n in [r.name] + r.aliases if self.source(r, n)]
        if not names:
            return False
        n = names[0] if self.rng.random() < 0.7 or len(names) == 1 else self.rng.choice(names[1:])
        # none of the countries of any record of the party, nor named anywhere in them
        members = [self.byid[i] for i in r.party]
        isos = sorted({c for m in members for c in m.isos()})
        choices = [c for c, pats in CONFLICT if c not in isos and not any(p.search(m.text) for p in pats for m in members)]
        if not choices:
            return False
        c = self.rng.choice(choices)
        return self.add("exact-conflicting-country", n, r.party,
                        "%s as listed; country %s is none of the party's (%s)" % (
                            "primary name" if n == r.name else "alias", c, ", ".join(isos) or "none"),
                        n, c, "")

    def reordered(self, r):
        if not r.person or not self.source(r, r.name):
            return False
        v, how = reorder(self.rng, r, r.name)
        if not v or norm(v) == norm(r.name):
            return False
        if self.rng.random() < 0.5:
            v = title(v)
        return self.add("reordered", v, r.party, how, r.name, self.country_for(r), self.dob_for(r))

    def transliteration(self, r, cls):
        """A row whose first rule is of class cls (rule_class)."""
        names = [n for n in [r.name] + r.aliases if self.source(r, n)]
        if not names:
            return False
        for n in names[:1] + self.rng.sample(names[1:], len(names) - 1):
            rules = [x for x in translit_rules(r, n, r.person) if rule_class(x[0]) == cls]
            if not rules:
                continue
            rule, v, span = self.rng.choice(rules)
            if self.rng.random() < 0.3:  # a second rule, on another part of the name
                more = [x for x in translit_rules(r, v, r.person) if x[2][1] <= span[0] or x[2][0] >= span[1]]
                if more:
                    rule2, v, _ = self.rng.choice(more)
                    rule += " + " + rule2
            if not self.unambiguous(r, v) or norm(v) in self.listed.exact:
                continue
            if self.rng.random() < 0.5:
                v = title(v)
            return self.add("transliteration", v, r.party, rule, n, self.country_for(r), self.dob_for(r))
        return False

    def typo(self, r):
        # long names: two tokens or more, ten letters or more, a token of six letters or more
        names = [n for n in [r.name] + r.aliases if self.source(r, n) and re.search(r"[A-Za-z]{6,}", n)
                 and len(tokens(n)) >= 2 and len(re.sub(r"[^A-Za-z]", "", n)) >= 10]
        if not names:
            return False
        n = names[0] if self.rng.random() < 0.7 else self.rng.choice(names)
        v, how = make_typo(self.rng, n)
        if not v or norm(v) in self.listed.exact or not self.unambiguous(r, v):
            return False
        if self.rng.random() < 0.5:
            v = title(v)
        return self.add("typo", v, r.party, how, n, self.country_for(r), self.dob_for(r))

    def legal_form(self, r):
        if r.person or r.kind in ("vessel", "aircraft"):
            return False
        names = [n for n in [r.name] + r.aliases if split_legal(n) and self.source(r, n)]
        if not names:
            return False
        n = self.rng.choice(names)
        v, how = legal_variant(self.rng, n, self.rng.random() < 0.5)
        if not v or norm(v) == norm(n) or not self.unambiguous(r, v) or len(fold(v, True)) == 0:
            return False
        core = fold(v, True)
        if len(core) == 1 and core[0] in [g.lower() for g in GENERIC]:
            return False
        return self.add("legal-form", v, r.party, how, n, self.country_for(r), "")

    # not-listed rows --------------------------------------------------------

    def origin_names(self, r):
        o = r.origin()
        if not o:  # no country: an Arabic name by its words, else English
            arabic = any(t in ARTICLES or t.startswith("abd") or t.upper() in ARABIC_FAMILIES
                         for n in all_names(r) for t in tokens(n))
            o = "arabic" if arabic else "english"
        given, sur = COMMON[o]
        return self.words(given.split()), self.words(sur.split())

    def negative(self, category, name, how, source, country="", dob="", company=False):
        why = self.listed.looks_listed(name, company)
        if why:
            return False
        return self.add(category, name, [], how, source, country, dob)

    def neg_dob(self):
        if self.rng.random() < 0.3:
            y = self.rng.randrange(1950, 1995)
            return str(y) if self.rng.random() < 0.5 else "%d-%02d-%02d" % (y, self.rng.randrange(1, 13), self.rng.randrange(1, 29))
        return ""

    def neg_listed_surname(self, r):
        if not r.person or "," not in r.name or not r.id.startswith("ofac:"):
            return False
        last, given = [x.strip() for x in r.name.split(",", 1)]
        if not last or not given:
            return False
        givens, _ = self.origin_names(r)
        have = {fold_token(t) for n in all_names(r) for t in tokens(n)}
        cands = [g for g in givens if fold_token(g.lower()) not in have]
        if not cands:
            return False
        g = self.rng.choice(cands)
        v = last + ", " + g if self.rng.random() < 0.5 else title(g + " " + last)
        return self.negative("neg-listed-surname", v, "listed surname %s, common given name %s" % (last, g),
                             r.id + " " + r.name, self.country_for(r), self.neg_dob())

    def neg_listed_given(self, r):
        if not r.person or "," not in r.name or not r.id.startswith("ofac:"):
            return False
        last, given = [x.strip() for x in r.name.split(",", 1)]
        if not given:
            return False
        first = given.split()[0]
        if len(first) < 3 or "." in first:
            return False
        _, surs = self.origin_names(r)
        have = {fold_token(t) for n in all_names(r) for t in tokens(n)}
        cands = [s for s in surs if fold_token(s.lower()) not in have]
        if not cands:
            return False
        s = self.rng.choice(cands)
        v = s.upper() + ", " + first if self.rng.random() < 0.5 else first + " " + s
        return self.negative("neg-listed-given-name", v, "listed given name %s, common surname %s" % (first, s),
                             r.id + " " + r.name, self.country_for(r), self.neg_dob())

    def neg_generic_company(self, r):
        if r.person or r.kind in ("vessel", "aircraft"):
            return False
        gen = [t.upper() for t in tokens(r.name) if t.upper() in GENERIC]
        if not gen:
            return False
        g = self.rng.choice(gen)
        brands = [b for b in self.words(BRANDS) if b.lower() not in self.listed.token_set]
        b = self.rng.choice(brands)
        lf = self.rng.choice(LEGAL_SUFFIXES)
        gw = g.title()
        spanish = g in ("INVERSIONES", "COMERCIAL", "CONSTRUCTORA", "DISTRIBUIDORA", "INMOBILIARIA")
        if spanish or (g == "BANK" and self.rng.random() < 0.3):
            v = "%s %s" % (gw, b)
        elif self.rng.random() < 0.3:
            other = self.rng.choice([x for x in GENERIC if x != g and x not in ("INVERSIONES", "COMERCIAL", "CONSTRUCTORA", "DISTRIBUIDORA", "INMOBILIARIA")])
            v = "%s %s %s" % (b, gw, other.title())
        else:
            v = "%s %s" % (b, gw)
        if lf:
            v += " " + lf
        return self.negative("neg-generic-company", v, "shares %s with a listed company" % g, r.id + " " + r.name,
                             self.rng.choice(CONFLICT)[0] if self.rng.random() < 0.5 else "", "", company=True)

    def neg_common_person(self, i):
        origins = sorted(COMMON)
        o = origins[i % len(origins)]
        givens, surs = self.words(COMMON[o][0].split()), self.words(COMMON[o][1].split())
        g, s = self.rng.choice(givens), self.rng.choice(surs)
        if fold_token(g.lower()) == fold_token(s.lower()):
            return False
        if o in ("chinese", "korean") and self.rng.random() < 0.6:
            v = s + " " + g  # family name first, as written at home
        elif self.rng.random() < 0.3:
            v = s.upper() + ", " + g
        else:
            v = g + " " + s
        codes = [c for c, oo in ORIGIN_OF_COUNTRY.items() if oo == o] or ["GB", "US", "CA", "AU"]
        return self.negative("neg-common-person", v, "common %s name" % o, "",
                             self.rng.choice(sorted(codes)) if self.rng.random() < 0.5 else "", self.neg_dob())

    def neg_other_distinctive(self, r):
        if r.person:
            # Spanish, Slavic and European names only: in an Arabic chain name the
            # given names are the father's and grandfather's, and the family name (a
            # nisba, al-Tikriti) is often left out: another surname is no other person.
            if "," not in r.name or not r.id.startswith("ofac:") or r.origin() not in ("spanish", "russian", "european"):
                return False
            if any(t in ARTICLES or t.startswith("abd") or t.upper() in ARABIC_FAMILIES or t in ("ben", "ould")
                   for n in all_names(r) for t in tokens(n)):
                return False
            last, given = [x.strip() for x in r.name.split(",", 1)]
            if len(given.split()) < 2:
                return False
            _, surs = self.origin_names(r)
            have = {fold_token(t) for n in all_names(r) for t in tokens(n)}
            cands = [s for s in surs if fold_token(s.lower()) not in have and edit_distance(s.lower(), norm(last)) > 2]
            if not cands:
                return False
            s = self.rng.choice(cands)
            v = s.upper() + ", " + given
            return self.negative("neg-other-distinctive", v, "listed given names, surname %s for %s" % (s, last),
                                 r.id + " " + r.name, self.country_for(r), self.neg_dob())
        if r.kind in ("vessel", "aircraft") or not is_latin(r.name) or "(" in r.name:
            return False
        # The one rare word of the name (in at most RARE records' names) is replaced;
        # every other word is common in the lists (in COMMON records or more), so
        # that no distinctive part of the listed name is left.
        ws = [m for m in re.finditer(r"[A-Za-z][A-Za-z'-]*", r.name)
              if norm(m.group(0)) and all(t not in LEGAL_TOKENS for t in tokens(m.group(0)))]
        if len(ws) < 2:
            return False
        rare = [m for m in ws if max(self.df.get(t, 0) for t in tokens(m.group(0))) <= RARE]
        common = [m for m in ws if min(self.df.get(t, 0) for t in tokens(m.group(0))) >= COMMON_DF]
        if len(rare) != 1 or len(rare) + len(common) != len(ws) or len(rare[0].group(0)) < 4:
            return False
        if any(t in ARTICLES or t in ("abu", "abou", "umm") for m in common for t in tokens(m.group(0))):
            return False  # 'ABU ABBAS' is a name, however common its words
        m = rare[0]
        if m.start() > 0 and r.name[m.start() - 1] in "'\u2019":
            return False
        brands = [b for b in self.words(BRANDS) if b.lower() not in self.listed.token_set
                  and edit_distance(b.lower(), norm(m.group(0))) > 2]
        b = self.rng.choice(brands)
        v = r.name[:m.start()] + keep_case(m.group(0), b) + r.name[m.end():]
        return self.negative("neg-other-distinctive", v, "%s replaced by %s" % (m.group(0), b), r.id + " " + r.name,
                             self.country_for(r), "", company=True)

    def build(self):
        recs = self.recs
        self.fill("exact-primary", self.exact_primary, recs)
        self.fill("exact-alias", self.exact_alias, recs)
        self.fill("exact-conflicting-country", self.conflicting_country, recs)
        self.fill("reordered", self.reordered, [r for r in recs if r.person])
        self.fill_translit(recs)
        self.fill("typo", self.typo, recs)
        self.fill("legal-form", self.legal_form, [r for r in recs if not r.person])
        self.fill("neg-listed-surname", self.neg_listed_surname, [r for r in recs if r.person])
        self.fill("neg-listed-given-name", self.neg_listed_given, [r for r in recs if r.person])
        self.fill("neg-generic-company", self.neg_generic_company, [r for r in recs if not r.person])
        n, i = 0, 0
        while n < SIZES["neg-common-person"] and i < 100000:
            n += bool(self.neg_common_person(i))
            i += 1
        persons = [r for r in recs if r.person]
        others = [r for r in recs if not r.person]
        want = SIZES["neg-other-distinctive"]  # two fifths persons, the rest companies
        self.fill("neg-other-distinctive", self.neg_other_distinctive, persons, want * 2 // 5)
        self.fill("neg-other-distinctive", self.neg_other_distinctive, others, want - want * 2 // 5)
        self.rng.shuffle(self.rows)
        prefix = "D" if self.part == 0 else "T"
        for i, row in enumerate(self.rows, 1):
            row["ref"] = "%s-%04d" % (prefix, i)

    def write(self, path):
        cols = ["ref", "name", "country", "dob", "identifiers", "expect", "category", "how", "source"]
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            for row in self.rows:
                w.writerow(row)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev-seed", type=int, default=DEV_SEED)
    ap.add_argument("--test-seed", type=int, default=TEST_SEED)
    ap.add_argument("--out", default=HERE)
    a = ap.parse_args()
    recs = read_ofac() + read_un()
    members = parties(recs)
    listed = Listed(recs)
    df = collections.Counter()
    for r in recs:
        for t in {t for n in all_names(r) for t in tokens(n)}:
            df[t] += 1
    print("records: %d OFAC, %d UN; parties: %d (%d with more than one record)" % (
        sum(r.id.startswith("ofac:") for r in recs), sum(r.id.startswith("un:") for r in recs),
        len(members), sum(len(m) > 1 for m in members.values())), file=sys.stderr)
    for name, seed, part in (("development", a.dev_seed, 0), ("test", a.test_seed, 1)):
        b = Book(name, seed, part, recs, listed, df)
        b.build()
        path = os.path.join(a.out, name + ".csv")
        b.write(path)
        counts = collections.Counter(r["category"] for r in b.rows)
        print("%s: %d rows from %d records (%s)" % (path, len(b.rows), len(b.recs),
                                                    ", ".join("%s %d" % kv for kv in sorted(counts.items()))), file=sys.stderr)


if __name__ == "__main__":
    main()
