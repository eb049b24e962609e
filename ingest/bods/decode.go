package bods

import (
	"encoding/json"
	"errors"
)

// decodeInto decodes one validated statement (or its recordDetails) into
// its typed form v. Validation has checked the JSON types, so an error
// here is a value the types cannot hold (a country that is neither a code
// nor an object): it is reported as a "type" error at the property's path.
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
