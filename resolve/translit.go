package resolve

// cyrillic maps lower-case Cyrillic letters (Russian, Ukrainian,
// Belarusian) to Latin, a simplified BGN/PCGN scheme without diacritics
// or apostrophes: ё is e, й is y, х is kh, ц is ts, щ is shch, ъ and ь
// vanish. Ukrainian г is g (the Russian reading; the Ukrainian h is left
// to the fuzzy token comparison), є ye, ї yi, і i, ґ g; Belarusian ў u.
// Upper case is lowered before the lookup.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'є': "ye", 'і': "i", 'ї': "yi", 'ґ': "g", 'ў': "u",
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "g", 'ќ': "k", 'ѕ': "dz",
}

// latinFold maps Latin letters that Unicode does not decompose into a
// base letter and a mark.
var latinFold = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŀ': "l", 'ŧ': "t", 'ĸ': "k",
}
