// Package httpapi is ownex's HTTP server: a read-only JSON API (described
// by an OpenAPI 3 document at /openapi.json), a small server-rendered web
// UI embedded in the binary, health and readiness probes and Prometheus
// metrics.
//
// It receives plain values — a graph.Store and Options — and reads no
// configuration itself: flags, environment variables and the config file
// stop at cmd/ownex and internal/cli (`ownex serve`).
//
// Safety. Every request is read-only except screening uploads, which need
// the bearer token (Options.Token; with no token, uploads are refused).
// When Options.RequireToken is set (the server listens on a non-loopback
// address) every route but /healthz, /readyz, the static files and the
// sign-in page needs the token; a browser (Accept: text/html) asking for a
// page without it gets the sign-in page, which takes the token once and
// sets an HttpOnly, SameSite=Strict session cookie (a random id, never the
// token; signin.go). The Authorization scheme "Bearer" is matched in any
// case. Every response carries a content security policy without
// 'unsafe-inline' (the UI's script and style sheet are files),
// frame-ancestors 'none', X-Frame-Options: DENY, Referrer-Policy:
// no-referrer and nosniff (headers.go); a method no route takes gets 405
// with Allow, before any token check. Request
// bodies are size-limited, each request has a deadline, no route accepts
// Cypher or any other query language, and errors are mapped to status
// codes with messages that name the bad input, never internals (those go
// to the log). Answers are bounded: the explain endpoint pages each proof
// (max_nodes, node_offset) and says so in the proof's page field, and the
// entity view and page build proofs 25 levels deep (issue 15).
//
// Parties (issue 16 item 3, parties.go): the search index knows the
// store's strong same-as clusters (read once with the index, from the head
// of a streamed snapshot), and a search lists each party once, under the
// first of its records that matched, with all its record ids
// (SearchHit.Party). A record without a name of its own (a stub made for a
// cross-reference, such as the UN record an EU or UK entry refers to) is
// shown with its party's name, in search results and on its entity page.
//
// Memory. Whole-store analyses (queries.Analysis: the verdicts, and what
// screenings need besides; made by Options.Analyze, which `ownex serve`
// points at the store's snapshot cache) are kept by as-of date in an LRU of
// Options.CacheSize (analysis.go); concurrent requests for one date —
// entity requests and screenings alike — share one computation, and at
// most Options.MaxAnalyses run at once: one more gets 503 with
// Retry-After (a screening from the web UI is then refused before any job
// starts). Entity, explain and entity-page requests at a date whose
// analysis is not kept (other than Options.Today) analyse the entity's
// upstream closure only (api.go, analysisOf); owners, holdings,
// look-through and paths always read closures. The timeline
// (timeline.go) reads the entity's closure with the records of every date
// once and analyses it on each of its change points (queries.Timeline),
// within the request's deadline; the entity page draws it as one strip
// per regime (ui_timeline.go: SVG bands and ticks coloured by classes of
// the style sheet, no inline style), unless the closure changes on more
// than pageTimelinePoints dates: the page then says so instead. Many distinct as-of dates
// at once therefore cost closures, not whole-store analyses (issue 15).
// Screenings share one index of the entity records (queries.MatchIndex),
// built once per state of the store and dropped with the analyses.
// A screening under a regime with no designation in force as of its date
// (queries.NoDesignations: every verdict clear, a store without its lists)
// says so in ScreenReport.Warnings, on its job page and in its HTML and
// XLSX reports.
//
// Changes. /api/v1/changes is the change feed: the lines of the change
// reports that loads kept (`ingest --changes`, graph.ChangeLog), by load
// then position, paged by the cursor after=LOAD:SEQ (limit 1-1000), from
// since= (a load id, or a date: the loads started on or after it). The
// home page lists the latest loads, newest first, each with the first
// verdicts it changed, or says it kept no report, and the records a
// lenient load skipped (a list's partial version: nothing closed)
// (changes.go).
package httpapi
