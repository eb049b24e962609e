package ingest

import "github.com/ownex/ownex/graph"

// FactAddressRemark is the fact type that keeps a list's remark on one of
// an entity's addresses (graph.Address has no field for it); see
// AddressRemark.
const FactAddressRemark = "address-remark"

// AddressRemark renders the value of a FactAddressRemark fact: "<address>:
// <remark>", or the remark alone when the address has no part. White space
// in the remark is collapsed; an empty remark gives "".
func AddressRemark(a graph.Address, remark string) string {
	remark = Clean(remark)
	if remark == "" {
		return ""
	}
	if s := a.String(); s != "" {
		return s + ": " + remark
	}
	return remark
}
