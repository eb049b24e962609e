package resolve

import "strings"

// legalForms are legal-form words and phrases, written as NameKey tokens
// (transliterated, lower case, punctuation gone: "S.R.O." is "sro").
// NameKey removes them wherever they occur, longest phrase first, unless
// nothing else would remain.
var legalForms = strings.Split(`llc|ltd|limited|plc|inc|incorporated|corp|corporation|co|company|gmbh|ag|sa|sas|sarl|spa|srl|bv|nv|ab|as|asa|oy|oyj|kft|zrt|nyrt|sro|as|ou|uab|sp zoo|spzoo|doo|dd|ad|ead|ood|eood|kg|ohg|se|pte|pty|bhd|sdn bhd|lda|ltda|sl|slu|cv|srl|llp|lp|fze|fzco|fzc|fzllc|dmcc|pjsc|jsc|cjsc|ojsc|pao|oao|zao|ooo|ao|nao|tov|pat|prat|vat|zat|tdv|jv|ip|chp|fgup|gup|mup|sue|fsue|sue rc|gup rk|state unitary enterprise|federal state unitary enterprise|
gosudarstvennoe unitarnoe predpriyatie|federalnoe gosudarstvennoe unitarnoe predpriyatie|ano|np|jstc|
limited liability company|limited liability partnership|limited partnership|public limited company|private limited company|
joint stock company|joint-stock company|public joint stock company|open joint stock company|closed joint stock company|
private joint stock company|non-public joint stock company|stock company|holding company|
obshchestvo s ogranichennoy otvetstvennostyu|obshchestvo s ogranichennoi otvetstvennostiu|obshestvo s ogranichennoy otvetstvennostyu|
aktsionernoe obshchestvo|aktsionernoye obshchestvo|otkrytoe aktsionernoe obshchestvo|zakrytoe aktsionernoe obshchestvo|
publichnoe aktsionernoe obshchestvo|nepublichnoe aktsionernoe obshchestvo|
tovarystvo z obmezhenoyu vidpovidalnistyu|tovarystvo z obmezhenoiu vidpovidalnistiu|aktsionerne tovarystvo|
pryvatne aktsionerne tovarystvo|publichne aktsionerne tovarystvo|
tovarystvo z obmezhenoiu vidpovidalnistiu|pryvatne aktsionerne tovarystvo|publichne aktsionerne tovarystvo|
dochirnie pidpryiemstvo|derzhavne pidpryiemstvo|
tavarystva z abmezhavanay adkaznastsyu|tavarystva z abmezhavanai adkaznastsiu|aktsyianernae tavarystva|
druzhestvo s ogranichena otgovornost|aktsionerno druzhestvo|
an chuideachta theoranta|cuideachta theoranta|cuideachta phoibli theoranta|
societe a responsabilite limitee|societe anonyme|sociedad de responsabilidad limitada|sociedad anonima|
sociedade de responsabilidade limitada|sociedade anonima|societatea cu raspundere limitata|
societa a responsabilita limitata|societa per azioni|gesellschaft mit beschrankter haftung|aktiengesellschaft|
korlatolt felelossegu tarsasag|spolecnost s rucenim omezenym|spolka z ograniczona odpowiedzialnoscia|
druzba z omejeno odgovornostjo|druzhestvo s ogranicheno otgovornost|etairia periorismenis efthinis|
s de rl de cv|s de rl|s en c|s en cs|sa de cv|limitada|open joint stock|closed joint stock|public joint stock|joint stock|
sirketi|yhtio|rab|tarsasag|limited sirketi|yhtio|rab|tarsasag|anonim sirketi|yhtio|rab|tarsasag|free zone establishment|free zone company`, "|")

// legalPhrases holds legalForms as token lists, longest first.
var legalPhrases = func() [][]string {
	var out [][]string
	for _, f := range legalForms {
		f = strings.TrimSpace(strings.ReplaceAll(f, "-", " "))
		if f != "" {
			out = append(out, strings.Fields(f))
		}
	}
	// longest first, so that "joint stock company" goes before "company"
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

// stripLegalForms removes legal-form phrases from tokens; if nothing
// would remain, tokens are returned unchanged.
func stripLegalForms(tokens []string) []string {
	out := make([]string, 0, len(tokens))
	for i := 0; i < len(tokens); {
		n := matchPhrase(tokens[i:])
		if n == 0 {
			out = append(out, tokens[i])
			i++
			continue
		}
		i += n
	}
	if len(out) == 0 {
		return tokens
	}
	return out
}

// legalByFirst indexes legalPhrases by first token, longest first.
var legalByFirst = func() map[string][][]string {
	m := make(map[string][][]string)
	for _, p := range legalPhrases {
		m[p[0]] = append(m[p[0]], p)
	}
	return m
}()

// matchPhrase returns the length of the longest legal-form phrase at the
// start of t, or 0.
func matchPhrase(t []string) int {
	for _, p := range legalByFirst[t[0]] {
		if len(p) > len(t) {
			continue
		}
		ok := true
		for k := range p {
			if t[k] != p[k] {
				ok = false
				break
			}
		}
		if ok {
			return len(p)
		}
	}
	return 0
}
