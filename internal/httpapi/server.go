package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// Options configure a Server. Zero values pick the defaults noted.
type Options struct {
	// Token is the bearer token for uploads (and for every route when
	// RequireToken is set). Empty: uploads are refused.
	Token string
	// RequireToken demands the token on every route but the probes.
	RequireToken bool
	// MaxUpload bounds a screening upload in bytes (default 10 MiB).
	MaxUpload int64
	// MaxBody bounds any other request body in bytes (default 64 KiB).
	MaxBody int64
	// RequestTimeout is each request's deadline (default 60 s).
	RequestTimeout time.Duration
	// Today returns the default as-of date (default graph.Today).
	Today func() graph.Date
	// CacheSize is the number of whole-store analyses kept, by as-of
	// date, least recently used out (default 4).
	CacheSize int
	// MaxAnalyses is the number of whole-store analyses computed at once
	// (default 2), for entity requests and screenings alike; a request
	// that needs one more gets 503 with Retry-After (a web UI screening
	// too, before its job starts). Entity and explain requests at a date
	// whose analysis is not kept, other than Today, analyse the entity's
	// upstream closure instead and never need one.
	MaxAnalyses int
	// StoreRecheck is the least time between two reads of the store's
	// load log, which tell whether the cached analyses are still those of
	// the stored data (default 1 s; negative: on every request).
	StoreRecheck time.Duration
	// MaxJobs is the number of UI screening jobs kept (default 16).
	MaxJobs int
	// Analyze makes the whole-store analysis as of a date under every
	// engine regime (default: queries.Analyze of the store). `ownex serve`
	// reads the store's snapshot cache when it is that of the store's
	// state (internal/cli).
	Analyze func(ctx context.Context, asOf graph.Date) (*queries.Analysis, error)
	// Logger receives internal errors (default slog.Default()).
	Logger *slog.Logger
}

// Server serves the API and the UI.
type Server struct {
	st      graph.Store
	opt     Options
	log     *slog.Logger
	mux     *http.ServeMux
	metrics *metrics
	cache   *analysisCache

	idxMu sync.RWMutex
	idx   *searchIndex

	jobs     *jobs
	access   map[string]access // by mux pattern
	sessions *sessions         // signed-in browsers (signin.go)

	baseCtx context.Context
	cancel  context.CancelFunc
}

// New builds the search index from st and returns a Server. Close stops
// its background screenings.
func New(ctx context.Context, st graph.Store, opt Options) (*Server, error) {
	if opt.MaxUpload <= 0 {
		opt.MaxUpload = 10 << 20
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 64 << 10
	}
	if opt.RequestTimeout <= 0 {
		opt.RequestTimeout = 60 * time.Second
	}
	if opt.Today == nil {
		opt.Today = graph.Today
	}
	if opt.CacheSize <= 0 {
		opt.CacheSize = 4
	}
	if opt.MaxAnalyses <= 0 {
		opt.MaxAnalyses = 2
	}
	if opt.StoreRecheck == 0 {
		opt.StoreRecheck = time.Second
	}
	if opt.MaxJobs <= 0 {
		opt.MaxJobs = 16
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &Server{st: st, opt: opt, log: opt.Logger, mux: http.NewServeMux()}
	s.metrics = newMetrics()
	if s.opt.Analyze == nil {
		s.opt.Analyze = func(ctx context.Context, asOf graph.Date) (*queries.Analysis, error) {
			return queries.Analyze(ctx, st, asOf, graph.Engines)
		}
	}
	s.cache = newAnalysisCache(st, s.opt.Analyze, opt.CacheSize, opt.MaxAnalyses, opt.StoreRecheck, s.metrics)
	s.jobs = newJobs(opt.MaxJobs)
	s.sessions = newSessions()
	s.baseCtx, s.cancel = context.WithCancel(context.Background())
	if err := s.Reindex(ctx); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Close cancels running screening jobs.
func (s *Server) Close() { s.cancel() }

// Reindex rebuilds the search index from the store.
func (s *Server) Reindex(ctx context.Context) error {
	links, err := sameAsLinks(ctx, s.st)
	if err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	idx, err := buildIndex(ctx, s.st, links)
	if err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	s.idxMu.Lock()
	s.idx = idx
	s.idxMu.Unlock()
	return nil
}

func (s *Server) index() *searchIndex {
	s.idxMu.RLock()
	defer s.idxMu.RUnlock()
	return s.idx
}

// Handler returns the server's handler with its middleware: metrics,
// security headers (headers.go), panics recovered, 405 for methods no
// route takes, authentication, body limit and deadline.
func (s *Server) Handler() http.Handler {
	return s.metrics.wrap(securityHeaders(s.recoverer(s.guard(s.mux))))
}

// access is what a route needs from the caller.
type access int

const (
	public access = iota // probes: never a token
	read                 // a token only when RequireToken
	write                // always the token
)

// route is one entry of the route table: the mux pattern and, for the
// API, its OpenAPI description.
type route struct {
	method, path string
	access       access
	handler      http.HandlerFunc
	api          *apiDoc // nil: not part of the API document (UI pages)
}

func (s *Server) routes() {
	s.access = map[string]access{}
	for _, rt := range s.routeTable() {
		pattern := rt.method + " " + rt.path
		s.access[pattern] = rt.access
		s.mux.Handle(pattern, rt.handler)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if wantsHTML(r) {
			s.uiError(w, r, http.StatusNotFound, "no such page")
			return
		}
		writeError(w, http.StatusNotFound, "no such route: "+r.Method+" "+r.URL.Path)
	})
}

// guard answers 405 to a method no route takes, checks the token once
// the mux has picked the route, limits the body and sets the deadline. A
// browser asking for a page it may not read gets the sign-in page.
func (s *Server) guard(next *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := next.Handler(r)
		setRoute(r, pattern)
		if s.methodNotAllowed(w, r, pattern) {
			return
		}
		acc := s.accessOf(r.Method, pattern)
		limit := s.opt.MaxBody
		if acc == write {
			limit = s.opt.MaxUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if acc == write && r.Header.Get("Authorization") == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			// The web UI's upload form carries the token as a field.
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				var mb *http.MaxBytesError
				if errors.As(err, &mb) {
					writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", mb.Limit))
					return
				}
			}
		}
		if !s.authorized(r, acc) {
			if acc == write && s.opt.Token == "" {
				writeError(w, http.StatusForbidden, "uploads are disabled: the server has no API token (set OWNEX_API_TOKEN)")
				return
			}
			if acc == read && wantsHTML(r) && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
				s.signInPage(w, http.StatusUnauthorized, r.URL.RequestURI(), "")
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="ownex"`)
			writeError(w, http.StatusUnauthorized, "missing or wrong bearer token")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// accessOf finds the access level of a mux pattern.
func (s *Server) accessOf(method, pattern string) access {
	if a, ok := s.access[pattern]; ok {
		return a
	}
	if method == http.MethodGet || method == http.MethodHead {
		return read
	}
	return write
}

func (s *Server) authorized(r *http.Request, acc access) bool {
	switch acc {
	case public:
		return true
	case read:
		if !s.opt.RequireToken {
			return true
		}
	}
	if s.opt.Token == "" {
		return false
	}
	if got, given := bearer(r); given {
		return s.tokenMatches(got)
	}
	return s.sessions.valid(sessionOf(r))
}

// bearer returns the token the request gives, and whether it gives one:
// the Authorization header (scheme "Bearer", in any case, RFC 9110
// section 11.1), else the token field of the web UI's multipart form. A
// request that gives none may still carry a session cookie (signin.go).
func bearer(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, t, ok := strings.Cut(strings.TrimSpace(h), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return "", true
		}
		return strings.TrimSpace(t), true
	}
	if r.MultipartForm != nil {
		if v := r.MultipartForm.Value["token"]; len(v) > 0 && v[0] != "" {
			return v[0], true
		}
	}
	return "", false
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// errorBody is every error response of the API.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, errorBody{Error: msg, Status: code})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// badRequest is bad input: 400 with its message.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return &badRequest{msg: fmt.Sprintf(format, args...)} }

// notFoundError is a 404 with its message.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }

// classify maps an error to a status code and a message safe to show.
func (s *Server) classify(r *http.Request, err error) (int, string) {
	var br *badRequest
	var nf *notFoundError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &br):
		return http.StatusBadRequest, br.msg
	case errors.As(err, &nf):
		return http.StatusNotFound, nf.msg
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", mb.Limit)
	case errors.Is(err, graph.ErrNotFound):
		return http.StatusNotFound, "entity not found"
	case errors.Is(err, queries.ErrSameEntity):
		return http.StatusBadRequest, "paths need two different entities"
	case errors.Is(err, queries.ErrScreenInput):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, errBusy):
		return http.StatusServiceUnavailable, "too many analyses running: retry later"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long"
	case errors.Is(err, context.Canceled):
		return 499, "request cancelled"
	}
	s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, "internal error"
}

// busyRetry is the Retry-After of a 503 for errBusy, in seconds.
const busyRetry = "5"

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.classify(r, err)
	setRetryAfter(w, err)
	writeError(w, code, msg)
}

// setRetryAfter sets Retry-After when err is errBusy.
func setRetryAfter(w http.ResponseWriter, err error) {
	if errors.Is(err, errBusy) {
		w.Header().Set("Retry-After", busyRetry)
	}
}

// asOf reads the as_of query parameter (default Options.Today).
func (s *Server) asOf(r *http.Request) (graph.Date, error) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return s.opt.Today(), nil
	}
	d, err := graph.ParseDate(v)
	if err != nil {
		return "", badf("as_of: %q is not a date: want YYYY-MM-DD", v)
	}
	return d, nil
}

// regimes reads the regime query parameter: all (default) or a comma list.
func regimes(r *http.Request) ([]graph.Regime, error) {
	v := r.URL.Query().Get("regime")
	if v == "" || v == "all" {
		return graph.Engines, nil
	}
	var out []graph.Regime
	seen := map[graph.Regime]bool{}
	for _, p := range strings.Split(v, ",") {
		g := graph.Regime(strings.ToLower(strings.TrimSpace(p)))
		if g != graph.RegimeOFAC && g != graph.RegimeUK && g != graph.RegimeEU {
			return nil, badf("regime: unknown regime %q: want ofac, uk, eu or all", p)
		}
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out, nil
}

func wantsHTML(r *http.Request) bool {
	return !strings.HasPrefix(r.URL.Path, "/api/") && strings.Contains(r.Header.Get("Accept"), "text/html")
}
