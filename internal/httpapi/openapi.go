package httpapi

import (
	"net/http"
	"sort"
	"strconv"
)

// OpenAPI returns the OpenAPI 3 document of the API, built from the route
// table so that it cannot forget a route.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routeTable() {
		if rt.api == nil {
			continue
		}
		d := rt.api
		op := map[string]any{"operationId": d.id, "summary": d.summary}
		var params []any
		for _, p := range d.params {
			schema := map[string]any{"type": p.typ}
			if p.typ == "date" {
				schema = map[string]any{"type": "string", "format": "date"}
			}
			params = append(params, map[string]any{"name": p.name, "in": p.in, "required": p.required, "description": p.desc, "schema": schema})
		}
		if params != nil {
			op["parameters"] = params
		}
		if d.body != nil {
			content := map[string]any{}
			for _, mt := range d.body {
				if mt == "multipart/form-data" {
					content[mt] = map[string]any{"schema": map[string]any{"type": "object", "required": []string{"file"},
						"properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary"}}}}
				} else {
					content[mt] = map[string]any{"schema": map[string]any{"type": "string"}}
				}
			}
			op["requestBody"] = map[string]any{"required": true, "content": content}
		}
		produces := d.produces
		if produces == nil {
			produces = []string{"application/json"}
		}
		okContent := map[string]any{}
		for _, mt := range produces {
			okContent[mt] = map[string]any{}
		}
		responses := map[string]any{"200": map[string]any{"description": "OK", "content": okContent}}
		codes := append([]int{}, d.errors...)
		if rt.access != public {
			codes = append(codes, http.StatusUnauthorized)
		}
		codes = append(codes, http.StatusInternalServerError)
		sort.Ints(codes)
		for _, c := range codes {
			responses[strconv.Itoa(c)] = map[string]any{"description": http.StatusText(c),
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
		}
		op["responses"] = responses
		if rt.access == write {
			op["security"] = []any{map[string]any{"bearer": []string{}}}
		}
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		item[map[string]string{"GET": "get", "POST": "post"}[rt.method]] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "ownex", "version": "1",
			"description": "Sanctions exposure through ownership and control chains (OFAC, UK, EU). Read-only but for screening uploads, which need the bearer token."},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas": map[string]any{"Error": map[string]any{"type": "object", "required": []string{"error", "status"},
				"properties": map[string]any{"error": map[string]any{"type": "string"}, "status": map[string]any{"type": "integer"}}}},
		},
	}
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.OpenAPI())
}
