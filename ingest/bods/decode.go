package bods

import (
	"encoding/json"
	"errors"
)

// decodeInto decodes a validated statement (0.2/0.3), or a 0.4 statement
// and then its recordDetails by recordType, into its typed form v.
// Validation has checked the JSON type of every property the types hold,
// so this is not expected to fail; if it does, the error is a "type"
// error at the property's path.
func decodeInto(raw []byte, v any, path string) *verr {
	err := json.Unmarshal(raw, v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := path
		if te.Field != "" {
			p += "." + te.Field
		}
		return errf("type", p, "%s: %s is not of type %q", lastName(p), te.Value, te.Type.String())
	}
	return errf("type", path, "%v", err)
}
