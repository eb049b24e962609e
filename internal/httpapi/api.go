package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/queries"
)

// apiDoc describes an API route in the OpenAPI document.
type apiDoc struct {
	id, summary string
	params      []param
	body        []string // request body media types (POST)
	produces    []string // success media types (default application/json)
	errors      []int    // error statuses besides 401/500
}

type param struct {
	name, in, typ, desc string
	required            bool
}

var (
	pID     = param{name: "id", in: "path", typ: "string", desc: "entity ID, e.g. demo:tundra-mining (percent-encode '/')", required: true}
	pAsOf   = param{name: "as_of", in: "query", typ: "date", desc: "analysis date, YYYY-MM-DD (default today)"}
	pRegime = param{name: "regime", in: "query", typ: "string", desc: "ofac, uk, eu (comma-separated) or all (default)"}
	pDepth  = param{name: "depth", in: "query", typ: "integer", desc: "levels to walk (0, the default: unlimited)"}
)

func (s *Server) routeTable() []route {
	return []route{
		{method: "GET", path: "/healthz", access: public, handler: s.healthz,
			api: &apiDoc{id: "healthz", summary: "Liveness: the process serves requests"}},
		{method: "GET", path: "/readyz", access: public, handler: s.readyz,
			api: &apiDoc{id: "readyz", summary: "Readiness: the store is reachable", errors: []int{503}}},
		{method: "GET", path: "/metrics", access: read, handler: s.metrics.handler().ServeHTTP,
			api: &apiDoc{id: "metrics", summary: "Prometheus metrics (text exposition format)", produces: []string{"text/plain"}}},
		{method: "GET", path: "/openapi.json", access: read, handler: s.openapi,
			api: &apiDoc{id: "openapi", summary: "This OpenAPI 3 document"}},
		{method: "GET", path: "/api/v1/search", access: read, handler: s.apiSearch,
			api: &apiDoc{id: "search", summary: "Search entities by ID, identifier (scheme:value) or name", errors: []int{400},
				params: []param{{name: "q", in: "query", typ: "string", desc: "a name, an entity ID or an identifier such as lei:5299...", required: true},
					{name: "limit", in: "query", typ: "integer", desc: "at most this many results (1-100, default 20)"}}}},
		{method: "GET", path: "/api/v1/entities/{id}", access: read, handler: s.apiEntity,
			api: &apiDoc{id: "entity", summary: "Entity record with each regime's verdict (status, shares, flags, possible links) and designations, its party and its possible same-as links", errors: []int{400, 404, 503},
				params: []param{pID, pAsOf, pRegime}}},
		{method: "GET", path: "/api/v1/entities/{id}/explain", access: read, handler: s.apiExplain,
			api: &apiDoc{id: "explain", summary: "The proof of each regime's verdict, as a flat DAG (root, nodes, edges); a proof of more than max_nodes nodes is paged and says so in its page field", errors: []int{400, 404, 503},
				params: []param{pID, pAsOf, pRegime,
					{name: "max_nodes", in: "query", typ: "integer", desc: "at most this many nodes per proof (1-10000, default 1000)"},
					{name: "node_offset", in: "query", typ: "integer", desc: "skip this many nodes of each proof, breadth first from the root (default 0)"}}}},
		{method: "GET", path: "/api/v1/entities/{id}/owners", access: read, handler: s.apiOwners,
			api: &apiDoc{id: "owners", summary: "Who owns or controls the entity, directly and indirectly", errors: []int{400, 404},
				params: []param{pID, pAsOf, pDepth}}},
		{method: "GET", path: "/api/v1/entities/{id}/holdings", access: read, handler: s.apiHoldings,
			api: &apiDoc{id: "holdings", summary: "What the entity owns or controls, directly and indirectly", errors: []int{400, 404},
				params: []param{pID, pAsOf, pDepth}}},
		{method: "GET", path: "/api/v1/entities/{id}/lookthrough", access: read, handler: s.apiLookThrough,
			api: &apiDoc{id: "lookthrough", summary: "Look-through (integrated) ownership of the entity by every upstream party", errors: []int{400, 404},
				params: []param{pID, pAsOf}}},
		{method: "GET", path: "/api/v1/entities/{id}/timeline", access: read, handler: s.apiTimeline,
			api: &apiDoc{id: "timeline", summary: "Per regime, the maximal intervals [from, to) on which the entity's status and counted share are constant, with the events on each interval's start and their records (from and to null when open-ended)", errors: []int{400, 404, 503},
				params: []param{pID, pRegime,
					{name: "from", in: "query", typ: "date", desc: "keep the timeline from this date, YYYY-MM-DD (default since always)"},
					{name: "to", in: "query", typ: "date", desc: "keep the timeline until this date (exclusive), YYYY-MM-DD (default still in force)"}}}},
		{method: "GET", path: "/api/v1/paths", access: read, handler: s.apiPaths,
			api: &apiDoc{id: "paths", summary: "Ownership paths from one entity to another, shortest first", errors: []int{400, 404},
				params: []param{{name: "from", in: "query", typ: "string", desc: "owner entity ID", required: true},
					{name: "to", in: "query", typ: "string", desc: "owned entity ID", required: true},
					{name: "max", in: "query", typ: "integer", desc: "number of paths (1-100, default 10)"},
					{name: "max_length", in: "query", typ: "integer", desc: "holdings per path (1-20, default 10)"}, pAsOf}}},
		{method: "POST", path: "/api/v1/screen", access: write, handler: s.apiScreen,
			api: &apiDoc{id: "screen", summary: "Screen a counterparties CSV (columns name, country, identifiers, dob, ref); each row says why it matched; needs the bearer token",
				errors: []int{400, 403, 413, 415, 503},
				body:   []string{"text/csv", "multipart/form-data"},
				produces: []string{"application/json", "text/csv", "application/x-ndjson",
					"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/html"},
				params: []param{pAsOf, pRegime,
					{name: "format", in: "query", typ: "string", desc: "json (default), csv, jsonl, xlsx or html"},
					{name: "threshold", in: "query", typ: "number", desc: "lowest name score that matches, 0-1"}}}},
		{method: "GET", path: "/api/v1/changes", access: read, handler: s.apiChanges,
			api: &apiDoc{id: "changes", summary: "The change feed: the verdicts loads changed, from the change reports they kept (ingest --changes), by load then line, paged", errors: []int{400},
				params: []param{{name: "since", in: "query", typ: "string", desc: "first load id, or a date YYYY-MM-DD: the loads started on or after it (default: every load)"},
					{name: "after", in: "query", typ: "string", desc: "cursor LOAD:SEQ: the next field of the previous page"},
					{name: "limit", in: "query", typ: "integer", desc: "at most this many changes (1-1000, default 100)"}}}},
		// Web UI.
		{method: "GET", path: "/{$}", access: read, handler: s.uiSearch},
		{method: "GET", path: "/entity/{id}", access: read, handler: s.uiEntity},
		{method: "GET", path: "/screen", access: read, handler: s.uiScreenForm},
		{method: "POST", path: "/screen", access: write, handler: s.uiScreenPost},
		{method: "GET", path: "/screen/jobs/{job}", access: read, handler: s.uiScreenJob},
		{method: "GET", path: "/screen/jobs/{job}/report", access: read, handler: s.uiScreenDownload},
		{method: "GET", path: "/static/style.css", access: public, handler: s.uiCSS},
		{method: "GET", path: "/static/app.js", access: public, handler: s.uiJS},
		{method: "GET", path: "/signin", access: public, handler: s.uiSignInForm},
		{method: "POST", path: "/signin", access: public, handler: s.uiSignIn},
		{method: "POST", path: "/signout", access: public, handler: s.uiSignOut},
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	c, err := s.st.Counts(ctx)
	if err != nil {
		s.log.Warn("readiness: store unreachable", "err", err)
		writeError(w, http.StatusServiceUnavailable, "store unreachable")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "entities": c.Entities, "indexed": s.index().size()})
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badf("%s: %q is not a whole number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

// SearchResult is the answer of /api/v1/search.
type SearchResult struct {
	Query   string      `json:"query"`
	Results []SearchHit `json:"results"`
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		writeError(w, http.StatusBadRequest, "q: give a name, an entity ID or an identifier")
		return
	}
	if len(q) > 200 {
		writeError(w, http.StatusBadRequest, "q: longer than 200 characters")
		return
	}
	limit, err := intParam(r, "limit", 20, 1, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hits := s.index().search(q, limit)
	if hits == nil {
		hits = []SearchHit{}
	}
	writeJSON(w, http.StatusOK, SearchResult{Query: q, Results: hits})
}

// RegimeVerdict is one regime's verdict in an entity's detail.
type RegimeVerdict struct {
	Regime graph.Regime `json:"regime"`
	Status graph.Status `json:"status"`
	Share  graph.Range  `json:"share"`
	Votes  graph.Range  `json:"votes"`
	Flags  []graph.Flag `json:"flags"`
	Reason string       `json:"reason"`
	// The possible links behind the flags possibly-same-as and
	// possibly-exposed, as in graph.Verdict (left out when empty).
	PossiblySameAs     []graph.PossibleLink `json:"possibly_same_as,omitempty"`
	PossiblyExposedVia []graph.PossibleLink `json:"possibly_exposed_via,omitempty"`
	PossibleStatus     graph.Status         `json:"possible_status,omitempty"`
}

// EntityView is the answer of /api/v1/entities/{id}. Party and
// PossiblySameAs are those of `ownex show --format json`: the ids of the
// record's strong cluster, and its possible same-as links (whatever the
// candidates' statuses); both need a store that describes entities.
type EntityView struct {
	Entity         graph.Entity         `json:"entity"`
	AsOf           graph.Date           `json:"as_of"`
	Verdicts       []RegimeVerdict      `json:"verdicts"`
	Designations   []graph.Designation  `json:"designations"`
	Party          []string             `json:"party,omitempty"`
	PossiblySameAs []graph.PossibleLink `json:"possibly_same_as,omitempty"`
}

// entityAt reads the entity, the analysis as of the request's date and
// the regimes asked for.
func (s *Server) entityAt(r *http.Request) (graph.Entity, graph.Date, []graph.Regime, *exposure.Result, error) {
	asOf, err := s.asOf(r)
	if err != nil {
		return graph.Entity{}, "", nil, nil, err
	}
	regs, err := regimes(r)
	if err != nil {
		return graph.Entity{}, "", nil, nil, err
	}
	id := r.PathValue("id")
	ent, err := s.st.Entity(r.Context(), id)
	if errors.Is(err, graph.ErrNotFound) {
		return graph.Entity{}, "", nil, nil, &notFoundError{msg: "entity " + strconv.Quote(id) + " not found"}
	}
	if err != nil {
		return graph.Entity{}, "", nil, nil, err
	}
	res, err := s.analysisOf(r.Context(), ent.ID, asOf)
	if err != nil {
		return graph.Entity{}, "", nil, nil, err
	}
	return ent, asOf, regs, res, nil
}

// analysisOf is an analysis that holds id's verdicts as of asOf: the kept
// whole-store analysis of that date; else, as of Options.Today, the
// whole-store analysis computed once for every request (analysisCache);
// else the analysis of id's upstream closure alone, as `ownex explain`
// does: an entity's verdicts depend only on its upstream closure, and a
// request for an odd date then costs that closure, not the whole store.
func (s *Server) analysisOf(ctx context.Context, id string, asOf graph.Date) (*exposure.Result, error) {
	if a, ok, err := s.cache.cached(ctx, asOf); err != nil || ok {
		if err != nil {
			return nil, err
		}
		return a.Result(), nil
	}
	if asOf == s.opt.Today() {
		a, err := s.cache.get(ctx, asOf)
		if err != nil {
			return nil, err
		}
		return a.Result(), nil
	}
	res, err := exposure.AnalyzeUpstream(ctx, s.st, []string{id}, exposure.Options{AsOf: asOf, Regimes: graph.Engines}, nil)
	if err != nil {
		return nil, fmt.Errorf("analyze upstream of %q as of %s: %w", id, asOf, err)
	}
	return res, nil
}

// proof is ent's proof under reg, cut below depth levels (0: whole; see
// exposure.Result.ExplainDepth), or a clear proof when the analysis has
// none.
func (s *Server) proof(ent graph.Entity, res *exposure.Result, reg graph.Regime, depth int) (*graph.Proof, error) {
	p, err := res.ExplainDepth(ent.ID, reg, depth)
	if err != nil {
		return nil, err
	}
	if p == nil {
		p = &graph.Proof{Entity: ent.ID, Name: ent.Name, Regime: reg, Status: graph.StatusClear,
			Notes: []string{"no designated, blocked, owned or controlled party reaches the threshold, even on upper bounds"}}
	}
	return p, nil
}

func (s *Server) entityView(ctx context.Context, ent graph.Entity, asOf graph.Date, regs []graph.Regime, res *exposure.Result) (EntityView, error) {
	v := EntityView{Entity: ent, AsOf: asOf, Designations: []graph.Designation{}}
	for _, reg := range regs {
		rv := RegimeVerdict{Regime: reg, Status: graph.StatusClear, Flags: []graph.Flag{}}
		if vd, ok := res.Verdict(ent.ID, reg); ok {
			rv.Status, rv.Share, rv.Votes = vd.Status, vd.Share, vd.Votes
			rv.PossiblySameAs, rv.PossiblyExposedVia, rv.PossibleStatus = vd.PossiblySameAs, vd.PossiblyExposedVia, vd.PossibleStatus
			if vd.Flags != nil {
				rv.Flags = vd.Flags
			}
		}
		if rv.Status != graph.StatusClear {
			if p, err := res.ExplainDepth(ent.ID, reg, report.DefaultProofDepth); err == nil && p != nil {
				rv.Reason = queries.Reason(p)
			}
		}
		v.Verdicts = append(v.Verdicts, rv)
	}
	det, err := s.st.Detail(ctx, ent.ID)
	if err != nil {
		return v, err
	}
	for _, des := range det.Designations {
		if des.Listed <= asOf && (des.Delisted == "" || asOf < des.Delisted) {
			v.Designations = append(v.Designations, des)
		}
	}
	v.Party, v.PossiblySameAs = det.Party, report.NewDetail(det).PossiblySameAs
	return v, nil
}

func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) {
	ent, asOf, regs, res, err := s.entityAt(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.entityView(r.Context(), ent, asOf, regs, res)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// Pages of GET /api/v1/entities/{id}/explain: each proof gives at most
// max_nodes nodes (default explainNodes, at most explainNodesMax) from
// node_offset, and says when it is a page.
const (
	explainNodes    = 1000
	explainNodesMax = 10000
)

// apiExplain answers the flat proofs of report.ExplanationJSON, one page of
// nodes per proof, walked one node at a time (exposure.Result.ExplainFlat):
// a proof of 100,000 levels costs one page of output and a walk, not the
// whole DAG in memory.
func (s *Server) apiExplain(w http.ResponseWriter, r *http.Request) {
	ent, asOf, regs, res, err := s.entityAt(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var pg report.Page
	pg.Limit, err = intParam(r, "max_nodes", explainNodes, 1, explainNodesMax)
	if err == nil {
		pg.Offset, err = intParam(r, "node_offset", 0, 0, math.MaxInt32)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	x, err := report.NewExplanationJSON(&b, ent.ID, ent.Name, asOf)
	for _, reg := range regs {
		if err == nil {
			err = x.WalkRange(func(from, to int, visit func(*graph.Proof, int, []graph.ProofEdge) error) (int, error) {
				return res.ExplainFlatRange(ent.ID, reg, from, to, visit)
			}, pg)
		}
	}
	if err == nil {
		err = x.Close()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}

// closureParams reads as_of and depth.
func (s *Server) closureParams(r *http.Request) (graph.Date, int, error) {
	asOf, err := s.asOf(r)
	if err != nil {
		return "", 0, err
	}
	depth, err := intParam(r, "depth", 0, 0, 1000)
	return asOf, depth, err
}

func (s *Server) apiOwners(w http.ResponseWriter, r *http.Request) {
	asOf, depth, err := s.closureParams(r)
	if err == nil {
		var c queries.Closure
		if c, err = queries.Owners(r.Context(), s.st, r.PathValue("id"), depth, asOf); err == nil {
			writeJSON(w, http.StatusOK, c)
			return
		}
	}
	s.fail(w, r, s.entityErr(r.PathValue("id"), err))
}

func (s *Server) apiHoldings(w http.ResponseWriter, r *http.Request) {
	asOf, depth, err := s.closureParams(r)
	if err == nil {
		var c queries.Closure
		if c, err = queries.Holdings(r.Context(), s.st, r.PathValue("id"), depth, asOf); err == nil {
			writeJSON(w, http.StatusOK, c)
			return
		}
	}
	s.fail(w, r, s.entityErr(r.PathValue("id"), err))
}

func (s *Server) apiLookThrough(w http.ResponseWriter, r *http.Request) {
	asOf, err := s.asOf(r)
	if err == nil {
		var lt queries.LookThroughReport
		if lt, err = queries.LookThrough(r.Context(), s.st, r.PathValue("id"), asOf); err == nil {
			writeJSON(w, http.StatusOK, lt)
			return
		}
	}
	s.fail(w, r, s.entityErr(r.PathValue("id"), err))
}

// entityErr names the entity in a not-found error.
func (s *Server) entityErr(id string, err error) error {
	if errors.Is(err, graph.ErrNotFound) {
		return &notFoundError{msg: "entity " + strconv.Quote(id) + " not found"}
	}
	return err
}

func (s *Server) apiPaths(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	if from == "" || to == "" {
		writeError(w, http.StatusBadRequest, "from and to: give two entity IDs")
		return
	}
	if from == to {
		writeError(w, http.StatusBadRequest, "from and to: give two different entities")
		return
	}
	asOf, err := s.asOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	maxPaths, err := intParam(r, "max", 10, 1, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	maxLen, err := intParam(r, "max_length", queries.DefaultPathLength, 1, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, id := range []string{from, to} {
		if _, err := s.st.Entity(r.Context(), id); err != nil {
			s.fail(w, r, s.entityErr(id, err))
			return
		}
	}
	res, err := queries.PathsWithin(r.Context(), s.st, from, to, maxPaths, maxLen, asOf)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// ScreenReport is the JSON answer of /api/v1/screen. Each row is a
// queries.ScreenRow: its match carries party, possibly_same and why (the
// record's name that matched, the token pairs and their scores, the
// evidence that raised or lowered the score), each candidate its party
// and why. Warnings (omitted when none) say what the reader must know
// before trusting the rows, such as a regime with no designation in force
// as of the date (queries.NoDesignations: every verdict under it clear).
type ScreenReport struct {
	AsOf     graph.Date          `json:"as_of"`
	Regimes  []graph.Regime      `json:"regimes"`
	Warnings []string            `json:"warnings,omitempty"`
	Stats    queries.ScreenStats `json:"stats"`
	Rows     []queries.ScreenRow `json:"rows"`
}

// screenParams reads the options of a screening.
func (s *Server) screenParams(r *http.Request) (queries.ScreenOptions, error) {
	asOf, err := s.asOf(r)
	if err != nil {
		return queries.ScreenOptions{}, err
	}
	regs, err := regimes(r)
	if err != nil {
		return queries.ScreenOptions{}, err
	}
	opt := queries.ScreenOptions{AsOf: asOf, Regimes: regs}
	if v := r.URL.Query().Get("threshold"); v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || t < 0 || t > 1 {
			return opt, badf("threshold: %q is not a score between 0 and 1", v)
		}
		opt.Threshold = t
	}
	return opt, nil
}

// readUpload reads a CSV upload: the raw body (text/csv) or the "file"
// part of a multipart form. A body over the limit is a *http.MaxBytesError.
func readUpload(r *http.Request) ([]byte, string, error) {
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil && r.Header.Get("Content-Type") != "" {
		return nil, "", &unsupportedMedia{}
	}
	switch ct {
	case "multipart/form-data":
		if params["boundary"] == "" {
			return nil, "", badf("multipart body without a boundary")
		}
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return nil, "", mb
			}
			return nil, "", badf("multipart body: %v", err)
		}
		f, fh, err := r.FormFile("file")
		if err != nil {
			return nil, "", badf("multipart body: no file part named \"file\"")
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		return b, fh.Filename, err
	case "", "text/csv", "text/plain", "application/csv", "application/octet-stream":
		b, err := io.ReadAll(r.Body)
		return b, "upload.csv", err
	}
	return nil, "", &unsupportedMedia{}
}

type unsupportedMedia struct{}

func (*unsupportedMedia) Error() string {
	return "unsupported content type: send text/csv or multipart/form-data with a file part"
}

func (s *Server) apiScreen(w http.ResponseWriter, r *http.Request) {
	opt, err := s.screenParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && !validDownload(format) {
		writeError(w, http.StatusBadRequest, "format: unknown format "+strconv.Quote(format)+": want json, csv, jsonl, xlsx or html")
		return
	}
	body, name, err := readUpload(r)
	var um *unsupportedMedia
	if errors.As(err, &um) {
		writeError(w, http.StatusUnsupportedMediaType, um.Error())
		return
	}
	if err != nil {
		s.metrics.screenings.WithLabelValues("rejected").Inc()
		s.fail(w, r, err)
		return
	}
	if err := queries.CheckCounterparties(body, path.Base(name)); err != nil {
		s.metrics.screenings.WithLabelValues("rejected").Inc()
		s.fail(w, r, err)
		return
	}
	p, err := s.cache.start(r.Context(), opt.AsOf)
	if err != nil {
		s.metrics.screenings.WithLabelValues("busy").Inc()
		s.fail(w, r, err)
		return
	}
	job, err := s.runScreening(r.Context(), p, body, name, opt, nil)
	if err != nil {
		s.metrics.screenings.WithLabelValues("failed").Inc()
		s.fail(w, r, err)
		return
	}
	s.metrics.screenings.WithLabelValues("ok").Inc()
	if format == "json" {
		writeJSON(w, http.StatusOK, ScreenReport{AsOf: opt.AsOf, Regimes: job.meta.Regimes, Warnings: job.meta.Warnings,
			Stats: job.stats, Rows: job.rows})
		return
	}
	var buf bytes.Buffer
	if err := job.write(&buf, format); err != nil {
		s.fail(w, r, err)
		return
	}
	setDownload(w, format, job.meta.Input)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}
