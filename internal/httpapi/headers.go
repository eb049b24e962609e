package httpapi

import (
	"net/http"
	"strings"
)

// contentSecurityPolicy is sent with every response. No 'unsafe-inline':
// the UI's only script is /static/app.js, its only style sheet
// /static/style.css; proofs are inline SVG without style attributes.
// frame-ancestors 'none' (and X-Frame-Options: DENY for older browsers)
// forbids framing, so no page can be clickjacked.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries: the content
// security policy, no framing, no referrer, no MIME sniffing.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// servedMethods are the methods some route answers (HEAD with GET).
var servedMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost}

// methodNotAllowed answers 405 with an Allow header when no route takes
// r's method on r's path: a method ownex never serves (PUT, DELETE,
// PATCH, OPTIONS, TRACE, …) anywhere, or a served method on a path that
// has routes only for others (POST /api/v1/search). pattern is what the
// mux picked for r; "/" is the catch-all, which only says "not found".
// It reports whether it answered.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request, pattern string) bool {
	if pattern != "/" {
		return false
	}
	var allow []string
	probe := *r
	for _, m := range servedMethods {
		probe.Method = m
		if _, p := s.mux.Handler(&probe); p != "/" && p != "" {
			allow = append(allow, m)
		}
	}
	served := false
	for _, m := range servedMethods {
		served = served || r.Method == m
	}
	if served && len(allow) == 0 {
		return false // a served method on a path nothing serves: 404
	}
	if len(allow) == 0 {
		allow = servedMethods
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+r.URL.Path+": allowed "+strings.Join(allow, ", "))
	return true
}
