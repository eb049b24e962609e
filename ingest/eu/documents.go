package eu

import (
	"strings"

	"github.com/ownex/ownex/ingest"
)

// FactExpiredDocument marks an identity document that the list says is
// known to be expired (knownExpired="true"): its value is the identifier
// "<scheme>:<number>" (as in Entity.Identifiers, which keep the document:
// an expired passport still identifies its holder).
const FactExpiredDocument = "expired-document"

// states lists what the list says about the document's validity, in the
// order of the XML attributes: "known expired", "known false", "reported
// lost", "revoked by issuer".
func (d identification) states() []string {
	var out []string
	for _, s := range []struct{ v, text string }{
		{d.Expired, "known expired"}, {d.False, "known false"}, {d.Lost, "reported lost"}, {d.Revoked, "revoked by issuer"},
	} {
		if isTrue(s.v) {
			out = append(out, s.text)
		}
	}
	return out
}

func isTrue(s string) bool { return strings.EqualFold(ingest.Clean(s), "true") }
