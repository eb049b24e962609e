package resolve

// cyrillic maps lower-case Cyrillic letters (Russian, Ukrainian,
// Belarusian) to Latin, a simplified BGN/PCGN scheme without diacritics
// or apostrophes: ё is e, й is y, х is kh, ц is ts, щ is shch, ъ and ь
// vanish. It is the reading of a name written in Russian (or in a
// language it cannot tell); names with Ukrainian or Belarusian letters
// are read with ukrainian or belarusian (cyrillicLang). Upper case is
// lowered before the lookup.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'є': "ye", 'і': "i", 'ї': "yi", 'ґ': "g", 'ў': "u",
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "g", 'ќ': "k", 'ѕ': "dz",
}

// ukrainian is the Ukrainian national transliteration (KMU 2010, the
// passport system: Tetiana, Oleksandr, Mykola, Serhii, Kostiantyn,
// Ihorovych), which differs from the Russian reading in г h, и y, і i,
// й ї є ю я as i ie iu ia (y yi ye yu ya at the start of a word: see
// wordStart), щ shch. Letters not listed read as in cyrillic.
var ukrainian = map[rune]string{
	'г': "h", 'и': "y", 'й': "i", 'ї': "i", 'є': "ie", 'ю': "iu", 'я': "ia", 'ь': "",
}

// belarusian is the Belarusian national transliteration (2023 passport
// practice: Sviatlana, Aliaksandr, Paulauna, Pakhodava): г h, е ie, ё io,
// й i, ю iu, я ia (ye yo y yu ya at the start of a word), ў u, ы y, э e.
var belarusian = map[rune]string{
	'г': "h", 'е': "ie", 'ё': "io", 'й': "i", 'ю': "iu", 'я': "ia", 'ў': "u", 'ы': "y", 'э': "e", 'ь': "",
}

// wordStart holds the word-initial readings of the iotated letters in the
// Ukrainian and Belarusian systems.
var wordStart = map[rune]string{
	'й': "y", 'ї': "yi", 'є': "ye", 'ю': "yu", 'я': "ya", 'е': "ye", 'ё': "yo",
}

// cyrillicLang tells, from its letters, in which language a name is
// written: "be" when it has ў, or і together with ы or э (letters
// Ukrainian lacks); "uk" when it has і, ї, є or ґ; else "" (Russian, or
// Bulgarian/Serbian/Macedonian, read with cyrillic).
func cyrillicLang(s string) string {
	var i, y, e, u, uk bool
	for _, r := range s {
		switch r {
		case 'і', 'І':
			i = true
		case 'ы', 'Ы':
			y = true
		case 'э', 'Э':
			e = true
		case 'ў', 'Ў':
			u = true
		case 'ї', 'Ї', 'є', 'Є', 'ґ', 'Ґ':
			uk = true
		}
	}
	switch {
	case u || i && (y || e) && !uk:
		return "be"
	case i || uk:
		return "uk"
	}
	return ""
}

// translit returns the Latin reading of the lower-case Cyrillic letter r
// in a name of language lang ("", "uk", "be"), at the start of a word or
// not; ok false if r is not Cyrillic.
func translit(r rune, lang string, start bool) (string, bool) {
	var table map[rune]string
	switch lang {
	case "uk":
		table = ukrainian
	case "be":
		table = belarusian
	}
	if table != nil {
		if t, ok := table[r]; ok {
			if w, ok := wordStart[r]; ok && start && (lang == "be" || r != 'е') {
				return w, true
			}
			return t, true
		}
	}
	t, ok := cyrillic[r]
	return t, ok
}

// latinFold maps Latin letters that Unicode does not decompose into a
// base letter and a mark.
var latinFold = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŀ': "l", 'ŧ': "t", 'ĸ': "k",
}
