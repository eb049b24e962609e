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
// Memory. Whole-store analyses are kept by as-of date in an LRU of
// Options.CacheSize (analysis.go); concurrent requests for one date share
// one computation, and at most Options.MaxAnalyses run at once — one more
// gets 503 with Retry-After. Entity, explain and entity-page requests at a
// date whose analysis is not kept (other than Options.Today) analyse the
// entity's upstream closure only (api.go, analysisOf); owners, holdings,
// look-through and paths always read closures. Many distinct as-of dates
// at once therefore cost closures, not whole-store analyses (issue 15).
//
// Changes. /api/v1/changes is the change feed: the lines of the change
// reports that loads kept (`ingest --changes`, graph.ChangeLog), by load
// then position, paged by the cursor after=LOAD:SEQ (limit 1-1000), from
// since= (a load id, or a date: the loads started on or after it). The
// home page lists the latest loads, newest first, each with the first
// verdicts it changed, or says it kept no report (changes.go).
package httpapi
