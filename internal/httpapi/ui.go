package httpapi

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/queries"
)

//go:embed ui/pages.html ui/style.css ui/app.js
var uiFiles embed.FS

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"pathEscape": url.PathEscape,
	"join":       strings.Join,
	"upper":      func(r graph.Regime) string { return strings.ToUpper(string(r)) },
	"share": func(r graph.Range) string {
		if r.IsUnknown() {
			return "unknown"
		}
		return r.String() + "%"
	},
}).ParseFS(uiFiles, "ui/pages.html"))

// page is the data of every UI page.
type page struct {
	Title   string
	Query   string
	Refresh bool
	Error   string
	Indexed int
	Parties int // the parties the Indexed records make
	Hits    []SearchHit
	AsOf    graph.Date

	Entity graph.Entity
	View   EntityView
	Proofs []proofView
	// Timelines are the entity's timeline strips, one per regime;
	// TimelineNote says why they are left out.
	Timelines    []timelineView
	TimelineNote string
	Owners       []linkView
	Holdings     []linkView
	// Possible says, per regime, what the verdicts' possible links say;
	// SameAsLinks are the record's own possible links.
	Possible    []possibleView
	SameAsLinks []possibleView

	Job *jobView

	// Loads are the latest loads and what they changed (home page).
	Loads []loadView

	// Next is where the sign-in page goes on success.
	Next string
}

type proofView struct {
	Regime graph.Regime
	Status graph.Status
	Rule   string
	SVG    template.HTML
	// Merges say how the stakes reported several times were merged, and
	// list the reports (report.MergeLines).
	Merges []string
}

// possibleView is one line about possible links (report.PossibleLines),
// with the regime of the verdict (empty for a record's own links) and the
// candidate to link to.
type possibleView struct {
	Regime    graph.Regime
	Candidate string
	Text      string
}

type linkView struct {
	Level                      int
	Relation                   string
	From, FromName, To, ToName string
	Share, LookThrough         string
}

type jobView struct {
	ID, Input, State, Error string
	AsOf                    graph.Date
	Done, Total             int
	Stats                   queries.ScreenStats
	// Warnings are the finished screening's (report.ScreenMeta.Warnings).
	Warnings []string
	// Possible lists the rows with possible links (at most
	// maxPossibleRows; PossibleMore: there are more).
	Possible     []possibleRowView
	PossibleMore bool
	// Matches lists the rows matched to a record or with candidates, with
	// why (at most maxMatchRows; MatchesMore: there are more).
	Matches     []matchRowView
	MatchesMore bool
}

// matchRowView is a screened row that matched a record or has candidates,
// with why (report.WhyLines): the match's party and the records possibly
// the same as it, or the candidates with their parties.
type matchRowView struct {
	Line                 int
	Ref, Name, BirthDate string
	Status               queries.MatchStatus
	Confidence           string
	Entity, EntityName   string
	Party, PossiblySame  []string
	Candidates           []candidateView
	Why                  []string
}

type candidateView struct {
	ID, Name, Score string
	Party           []string
}

// possibleRowView is a screened row with possible links, for review.
type possibleRowView struct {
	Line       int
	Ref, Name  string
	Entity     string
	EntityName string
	Lines      []possibleView
}

// maxPossibleRows and maxMatchRows bound the rows a job page lists; the
// downloads have them all.
const (
	maxPossibleRows = 200
	maxMatchRows    = 200
)

func (s *Server) render(w http.ResponseWriter, code int, name string, p page) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) uiError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.render(w, code, "error", page{Title: http.StatusText(code), Error: msg})
}

func (s *Server) uiFail(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.classify(r, err)
	setRetryAfter(w, err)
	s.uiError(w, r, code, msg)
}

func (s *Server) uiCSS(w http.ResponseWriter, r *http.Request) {
	s.uiStatic(w, "ui/style.css", "text/css; charset=utf-8")
}

// uiJS serves the UI's only script (the content security policy allows
// no inline script).
func (s *Server) uiJS(w http.ResponseWriter, r *http.Request) {
	s.uiStatic(w, "ui/app.js", "text/javascript; charset=utf-8")
}

func (s *Server) uiStatic(w http.ResponseWriter, name, ctype string) {
	b, _ := uiFiles.ReadFile(name)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "max-age=3600")
	_, _ = w.Write(b)
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		s.uiError(w, r, http.StatusBadRequest, "The search is longer than 200 characters.")
		return
	}
	idx := s.index()
	p := page{Title: "Search", Query: q, Indexed: idx.size(), Parties: idx.parties}
	if q != "" {
		p.Hits = idx.search(q, 50)
	} else if loads, err := s.latestLoads(r.Context()); err != nil {
		s.log.Warn("home page: latest loads", "err", err)
		p.Error = "The latest loads could not be read."
	} else {
		p.Loads = loads
	}
	s.render(w, http.StatusOK, "search", p)
}

func floatPct(f float64) string {
	if math.IsInf(f, 1) {
		return "unbounded"
	}
	return strconv.FormatFloat(math.Round(f*1e4)/1e4, 'f', -1, 64) + "%"
}

func linkShare(l queries.Link) string {
	if l.Share != nil {
		if l.Share.IsUnknown() {
			return "unknown"
		}
		return l.Share.String() + "%"
	}
	if l.Basis != "" {
		return "control: " + string(l.Basis)
	}
	return ""
}

func (s *Server) uiEntity(w http.ResponseWriter, r *http.Request) {
	ent, asOf, regs, res, err := s.entityAt(r)
	if err != nil {
		s.uiFail(w, r, err)
		return
	}
	ctx := r.Context()
	view, err := s.entityView(ctx, ent, asOf, regs, res)
	if err != nil {
		s.uiFail(w, r, err)
		return
	}
	if n, ok := res.Name(ent.ID); ok {
		ent.Name = n // a stub shows its party's name (parties.go)
	}
	p := page{Title: ent.Name, Entity: ent, View: view, AsOf: asOf}
	for _, v := range view.Verdicts {
		p.Possible = append(p.Possible, verdictPossible(ent.ID, v.Regime, v.Flags, v.PossiblySameAs, v.PossiblyExposedVia, v.PossibleStatus)...)
	}
	listed := map[string]bool{}
	for _, pv := range p.Possible {
		listed[pv.Candidate] = true
	}
	for _, l := range view.PossiblySameAs {
		if !listed[l.Candidate] {
			p.SameAsLinks = append(p.SameAsLinks, possibleView{Candidate: l.Candidate, Text: report.PossiblySameAsLine(l, ent.ID, "")})
		}
	}
	for _, reg := range regs { // one proof at a time: a deep one is large
		pr, err := s.proof(ent, res, reg, report.DefaultProofDepth)
		if err != nil {
			s.uiFail(w, r, err)
			return
		}
		p.Proofs = append(p.Proofs, proofView{Regime: pr.Regime, Status: pr.Status, Rule: pr.Rule, SVG: report.ProofSVG(pr, "p-"+string(pr.Regime)),
			Merges: report.MergeLines(pr)})
	}
	_, ivs, err := queries.EntityTimeline(ctx, s.st, ent.ID, queries.TimelineOptions{Regimes: regs, MaxPoints: pageTimelinePoints})
	switch {
	case errors.Is(err, queries.ErrTimelineTooLong):
		p.TimelineNote = fmt.Sprintf("The upstream of this entity changes on more than %d dates: its timeline is left out of the page; "+
			"GET /api/v1/entities/{id}/timeline or `ownex timeline` give it.", pageTimelinePoints)
	case err != nil:
		s.uiFail(w, r, err)
		return
	}
	p.Timelines = timelineViews(ivs, asOf)
	owners, err := queries.Owners(ctx, s.st, ent.ID, 0, asOf)
	if err != nil {
		s.uiFail(w, r, err)
		return
	}
	lt, err := queries.LookThrough(ctx, s.st, ent.ID, asOf)
	if err != nil {
		s.uiFail(w, r, err)
		return
	}
	ltBy := map[string]string{}
	for _, o := range lt.Owners {
		if o.ShareMin == o.ShareMax {
			ltBy[o.ID] = floatPct(o.ShareMin)
		} else {
			ltBy[o.ID] = floatPct(o.ShareMin) + " – " + floatPct(o.ShareMax)
		}
	}
	for _, l := range owners.Links {
		p.Owners = append(p.Owners, linkView{Level: l.Level, Relation: l.Relation, From: l.From, FromName: l.FromName,
			To: l.To, ToName: l.ToName, Share: linkShare(l), LookThrough: ltBy[l.From]})
	}
	holdings, err := queries.Holdings(ctx, s.st, ent.ID, 0, asOf)
	if err != nil {
		s.uiFail(w, r, err)
		return
	}
	for _, l := range holdings.Links {
		p.Holdings = append(p.Holdings, linkView{Level: l.Level, Relation: l.Relation, From: l.From, FromName: l.FromName,
			To: l.To, ToName: l.ToName, Share: linkShare(l)})
	}
	s.render(w, http.StatusOK, "entity", p)
}

// verdictPossible is what one verdict's possible links say, a line each
// (report.PossibleLines), with the candidate of each possibly-same-as line.
func verdictPossible(id string, r graph.Regime, flags []graph.Flag, sameAs, via []graph.PossibleLink, st graph.Status) []possibleView {
	var out []possibleView
	for i, text := range report.PossibleLines(id, r, flags, sameAs, via, st) {
		pv := possibleView{Regime: r, Text: text}
		if i < len(sameAs) {
			pv.Candidate = sameAs[i].Candidate
		}
		out = append(out, pv)
	}
	return out
}

// possibleRows lists the rows with possible links, at most max; more
// reports whether there are others.
func possibleRows(rows []queries.ScreenRow, max int) (out []possibleRowView, more bool) {
	for _, row := range rows {
		pr := possibleRowView{Line: row.Input.Line, Ref: row.Input.Ref, Name: row.Input.Name, Entity: row.Match.Entity, EntityName: row.Match.Name}
		for _, v := range row.Verdicts {
			if !queries.HasPossible(v.Flags, v.PossiblySameAs, v.PossiblyExposedVia) {
				continue
			}
			pr.Lines = append(pr.Lines, verdictPossible(row.Match.Entity, v.Regime, v.Flags, v.PossiblySameAs, v.PossiblyExposedVia, v.PossibleStatus)...)
		}
		if len(pr.Lines) == 0 {
			continue
		}
		if len(out) == max {
			return out, true
		}
		out = append(out, pr)
	}
	return out, false
}

// matchRows lists the rows matched to a record or with candidates, at
// most max; more reports whether there are others.
func matchRows(rows []queries.ScreenRow, max int) (out []matchRowView, more bool) {
	for _, row := range rows {
		m := &row.Match
		if m.Entity == "" && len(m.Candidates) == 0 {
			continue
		}
		if len(out) == max {
			return out, true
		}
		mr := matchRowView{Line: row.Input.Line, Ref: row.Input.Ref, Name: row.Input.Name, BirthDate: row.Input.BirthDate,
			Status: m.Status, Confidence: strconv.FormatFloat(m.Confidence, 'f', 3, 64), Entity: m.Entity, EntityName: m.Name,
			Party: m.Party, PossiblySame: m.PossiblySame, Why: report.WhyLines(m)}
		if m.Entity == "" {
			for _, c := range m.Candidates {
				mr.Candidates = append(mr.Candidates, candidateView{ID: c.ID, Name: c.Name, Score: strconv.FormatFloat(c.Score, 'f', 3, 64), Party: c.Party})
			}
		}
		out = append(out, mr)
	}
	return out, false
}

func (s *Server) uiScreenForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "screen", page{Title: "Screening", AsOf: s.opt.Today()})
}

// uiScreenPost starts a background screening and redirects to its page.
// The token may come from the form (then the browser is signed in: a
// session cookie, signin.go).
func (s *Server) uiScreenPost(w http.ResponseWriter, r *http.Request) {
	body, name, err := readUpload(r)
	var um *unsupportedMedia
	if errors.As(err, &um) {
		s.uiError(w, r, http.StatusUnsupportedMediaType, um.Error())
		return
	}
	if err != nil {
		s.uiFail(w, r, err)
		return
	}
	q := r.URL.Query()
	if v := r.FormValue("as_of"); v != "" {
		q.Set("as_of", v)
	}
	r.URL.RawQuery = q.Encode()
	opt, err := s.screenParams(r)
	if err != nil {
		s.uiFail(w, r, err)
		return
	}
	if t := r.FormValue("token"); t != "" && r.Header.Get("Authorization") == "" && s.tokenMatches(t) {
		if err := s.startSession(w, r); err != nil {
			s.uiFail(w, r, err)
			return
		}
	}
	if err := queries.CheckCounterparties(body, path.Base(name)); err != nil {
		s.metrics.screenings.WithLabelValues("rejected").Inc()
		s.uiFail(w, r, err)
		return
	}
	p, err := s.cache.start(r.Context(), opt.AsOf)
	if err != nil { // too many analyses running: refused, nothing queued
		s.metrics.screenings.WithLabelValues("busy").Inc()
		s.uiFail(w, r, err)
		return
	}
	j := newJob(body, name, opt)
	s.jobs.add(j)
	go func() {
		if _, err := s.runScreening(s.baseCtx, p, body, name, opt, j); err != nil {
			s.metrics.screenings.WithLabelValues("failed").Inc()
			if !errors.Is(err, queries.ErrScreenInput) {
				s.log.Error("screening", "job", j.id, "err", err)
				j.mu.Lock()
				j.err = "internal error"
				j.mu.Unlock()
			}
			return
		}
		s.metrics.screenings.WithLabelValues("ok").Inc()
	}()
	http.Redirect(w, r, "/screen/jobs/"+j.id, http.StatusSeeOther)
}

func (s *Server) uiScreenJob(w http.ResponseWriter, r *http.Request) {
	j := s.jobs.get(r.PathValue("job"))
	if j == nil {
		s.uiError(w, r, http.StatusNotFound, "No such screening (jobs are kept in memory until the server restarts).")
		return
	}
	state, done, total, msg, stats := j.snapshot()
	jv := &jobView{ID: j.id, Input: j.meta.Input, State: state, Error: msg, AsOf: j.meta.AsOf, Done: done, Total: total, Stats: stats}
	if state == "done" {
		j.mu.Lock()
		jv.Warnings = j.meta.Warnings
		if stats.PossiblySameAs > 0 || stats.PossiblyExposed > 0 {
			jv.Possible, jv.PossibleMore = possibleRows(j.rows, maxPossibleRows)
		}
		jv.Matches, jv.MatchesMore = matchRows(j.rows, maxMatchRows)
		j.mu.Unlock()
	}
	s.render(w, http.StatusOK, "job", page{Title: "Screening " + j.meta.Input, Refresh: state == "running", Job: jv})
}

func (s *Server) uiScreenDownload(w http.ResponseWriter, r *http.Request) {
	j := s.jobs.get(r.PathValue("job"))
	if j == nil {
		writeError(w, http.StatusNotFound, "no such screening")
		return
	}
	format := r.URL.Query().Get("format")
	if !validDownload(format) {
		writeError(w, http.StatusBadRequest, "format: want csv, jsonl, xlsx or html")
		return
	}
	if state, _, _, _, _ := j.snapshot(); state != "done" {
		writeError(w, http.StatusConflict, "the screening is "+state)
		return
	}
	var buf bytes.Buffer
	if err := j.write(&buf, format); err != nil {
		s.fail(w, r, err)
		return
	}
	setDownload(w, format, j.meta.Input)
	_, _ = w.Write(buf.Bytes())
}
