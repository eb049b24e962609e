package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// htmlCSS is the inline style sheet of every HTML report: one
// self-contained file, no external asset, no script.
const htmlCSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;margin:24px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #cbd5e1;padding-bottom:4px}
h3{font-size:14px;margin:16px 0 4px}
.meta{color:#475569;margin:0 0 16px}
table{border-collapse:collapse;margin:4px 0 12px}
th,td{border:1px solid #cbd5e1;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#e2e8f0;position:sticky;top:0}
td.num,th.num{text-align:right}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #cbd5e1;border-radius:8px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:22px}
.s-designated{background:#b91c1c;color:#fff}.s-blocked,.s-owned{background:#ea580c;color:#fff}
.s-controlled{background:#c2410c;color:#fff}.s-undetermined{background:#fde047}.s-clear{background:#f1f5f9}
.m-ambiguous{background:#fef3c7}.m-unmatched{background:#f1f5f9;color:#475569}
.proofcard{border:1px solid #cbd5e1;border-radius:8px;padding:8px 12px;margin:10px 0;overflow-x:auto}
.reason{font-size:12px;color:#334155}
td[class^="s-"] .reason{color:inherit}
.note{color:#475569;font-size:12px}
pre{font-size:11px;white-space:pre-wrap;background:#f8fafc;padding:6px}
a{color:#1d4ed8}
`

// ScreenHTML writes a screening as one self-contained HTML page: summary
// counts, the per-counterparty table, and each proof once (per entity and
// regime) drawn as an inline SVG graph with its text tree. Because the
// summary comes first, rows are kept in memory until Close (a few hundred
// bytes each; proofs are shared between rows).
type ScreenHTML struct {
	w      io.Writer
	meta   ScreenMeta
	rows   []htmlRow
	proofs []*htmlProof
	byKey  map[string]*htmlProof
}

type htmlRow struct {
	Line                      int
	Ref, Name, Country        string
	BirthDate                 string
	Date                      graph.Date // the row's own date (lookback)
	Match, Method, Confidence string
	Entity, EntityName        string
	Candidates, Problems      string
	// Party is the match's party when it has other records than Entity;
	// PossiblySame the records possibly the same as it; Why says why the
	// row matched, a line per explained candidate when it matched no
	// single party ("id: why").
	Party, PossiblySame string
	Why                 []string
	Cells               []htmlCell
}

type htmlCell struct {
	Status      graph.Status
	Share       string
	Reason      string
	LookThrough string
	Anchor      string
	// Today is the status as of the screening's as-of date, for a row
	// screened as of its own date (lookback); empty otherwise.
	Today graph.Status
	// Possible says what the possible links say (PossibleLines).
	Possible []string
}

type htmlProof struct {
	Anchor      string
	AsOf        graph.Date
	Entity      string
	Name        string
	Regime      graph.Regime
	Status      graph.Status
	Reason      string
	LookThrough string
	Refs        []string
	SVG         template.HTML
	Text        string
}

// NewScreenHTML starts a screening page.
func NewScreenHTML(w io.Writer, meta ScreenMeta) *ScreenHTML {
	return &ScreenHTML{w: w, meta: meta, byKey: map[string]*htmlProof{}}
}

// WriteRow adds one counterparty's outcome.
func (h *ScreenHTML) WriteRow(row queries.ScreenRow) error {
	in, m := &row.Input, &row.Match
	r := htmlRow{Line: in.Line, Ref: in.Ref, Name: in.Name, Country: in.Country, BirthDate: in.BirthDate, Date: in.Date, Match: string(m.Status), Method: m.Method,
		Entity: m.Entity, EntityName: m.Name, Candidates: Candidates(m.Candidates), Problems: strings.Join(in.Problems, "; "),
		PossiblySame: strings.Join(m.PossiblySame, ", "), Why: WhyLines(m)}
	if len(m.Party) > 1 {
		r.Party = strings.Join(m.Party, ", ")
	}
	if m.Status != queries.MatchUnmatched || m.Confidence > 0 {
		r.Confidence = fmt.Sprintf("%.3f", m.Confidence)
	}
	for _, reg := range h.meta.Regimes {
		v := rowVerdict(&row, reg)
		if v == nil {
			r.Cells = append(r.Cells, htmlCell{})
			continue
		}
		c := htmlCell{Status: v.Status, Reason: v.Reason, LookThrough: LookThrough(v),
			Possible: PossibleLines(m.Entity, reg, v.Flags, v.PossiblySameAs, v.PossiblyExposedVia, v.PossibleStatus)}
		if h.meta.Lookback {
			c.Today = StatusToday(&row, reg)
		}
		c.Share = strings.TrimSpace(strings.TrimPrefix(Cell(graph.Verdict{Status: v.Status, Share: v.Share, Votes: v.Votes}), string(v.Status)))
		if v.Status != graph.StatusClear && v.Proof != nil {
			asOf := rowAsOf(&row, h.meta)
			key := m.Entity + "\x00" + string(reg) + "\x00" + string(asOf)
			p := h.byKey[key]
			if p == nil {
				p = &htmlProof{Anchor: fmt.Sprintf("proof-%d", len(h.proofs)+1), AsOf: asOf, Entity: m.Entity, Name: m.Name, Regime: reg,
					Status: v.Status, Reason: v.Reason, LookThrough: LookThrough(v), Text: ProofText(v.Proof)}
				p.SVG = ProofSVG(v.Proof, p.Anchor)
				h.byKey[key] = p
				h.proofs = append(h.proofs, p)
			}
			if len(p.Refs) < 50 {
				p.Refs = append(p.Refs, in.Ref)
			}
			c.Anchor = p.Anchor
		}
		r.Cells = append(r.Cells, c)
	}
	h.rows = append(h.rows, r)
	return nil
}

type statusRow struct {
	Regime graph.Regime
	Counts []int
}

// Statuses lists the status columns of the summary tables.
var Statuses = []graph.Status{graph.StatusDesignated, graph.StatusBlocked, graph.StatusOwned, graph.StatusControlled,
	graph.StatusUndetermined, graph.StatusClear}

func statusRows(regimes []graph.Regime, m map[graph.Regime]map[graph.Status]int) []statusRow {
	var out []statusRow
	for _, r := range regimes {
		sr := statusRow{Regime: r}
		for _, st := range Statuses {
			sr.Counts = append(sr.Counts, m[r][st])
		}
		out = append(out, sr)
	}
	return out
}

// Close renders the page.
func (h *ScreenHTML) Close(stats queries.ScreenStats) error {
	data := map[string]any{
		"CSS": template.CSS(htmlCSS), "Meta": h.meta, "Stats": stats, "Statuses": Statuses,
		"StatusRows": statusRows(h.meta.Regimes, stats.Statuses), "Rows": h.rows, "Proofs": h.proofs,
		"Generated": h.meta.Generated.UTC().Format("2006-01-02 15:04 MST"),
	}
	if err := screenTemplate.Execute(h.w, data); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	return nil
}

var screenTemplate = template.Must(template.New("screen").Funcs(template.FuncMap{
	"upper": func(r graph.Regime) string { return strings.ToUpper(string(r)) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ownex screening — {{.Meta.Input}}</title>
<style>{{.CSS}}</style>{{if .Meta.Warnings}}
<style>.warning{border:2px solid #b45309;background:#fffbeb;border-radius:8px;padding:8px 12px;font-weight:600}</style>{{end}}</head>
<body>
<h1>Counterparty screening</h1>
<p class="meta">Input {{.Meta.Input}} · as of {{.Meta.AsOf}}{{if .Meta.Lookback}} (dated rows: as of their own date; "today" is as of {{.Meta.AsOf}}){{end}} · regimes {{range $i, $r := .Meta.Regimes}}{{if $i}}, {{end}}{{upper $r}}{{end}} · generated {{.Generated}} by ownex</p>
{{range .Meta.Warnings}}<p class="warning">Warning: {{.}}.</p>
{{end}}<h2>Summary</h2>
<div class="cards">
<div class="card"><b>{{.Stats.Rows}}</b>counterparties</div>
<div class="card"><b>{{.Stats.Matched}}</b>matched</div>
<div class="card m-ambiguous"><b>{{.Stats.Ambiguous}}</b>ambiguous</div>
<div class="card m-unmatched"><b>{{.Stats.Unmatched}}</b>unmatched</div>
<div class="card"><b>{{len .Proofs}}</b>proofs</div>{{if or .Stats.PossiblySameAs .Stats.PossiblyExposed}}
<div class="card m-ambiguous" id="possible"><b>{{.Stats.PossiblySameAs}} / {{.Stats.PossiblyExposed}}</b>possibly the same as / possibly exposed</div>{{end}}
</div>
<table><thead><tr><th>Regime</th>{{range .Statuses}}<th class="num">{{.}}</th>{{end}}</tr></thead><tbody>
{{range .StatusRows}}<tr><td>{{upper .Regime}}</td>{{range .Counts}}<td class="num">{{.}}</td>{{end}}</tr>
{{end}}</tbody></table>
<p class="note">Counts of matched counterparties per regime and status. Ambiguous and unmatched rows are listed below with their candidates; they have no verdict.</p>{{if or .Stats.PossiblySameAs .Stats.PossiblyExposed}}
<p class="note">Possible links are name matches that nothing corroborates: they never change a status. A counterparty possibly the same as a designated or exposed party, or possibly exposed through such a link, shows the candidates in its regime cells, for review.</p>{{end}}
<h2>Counterparties</h2>
<table id="rows"><thead><tr><th>Line</th><th>Ref</th><th>Name</th><th>Country</th><th>Match</th><th>Method</th><th class="num">Conf.</th><th>Entity</th>{{range .Meta.Regimes}}<th>{{upper .}}</th>{{end}}</tr></thead><tbody>
{{range .Rows}}<tr class="m-{{.Match}}"><td class="num">{{.Line}}</td><td>{{.Ref}}</td><td>{{.Name}}{{if .BirthDate}}<br><span class="note">born {{.BirthDate}}</span>{{end}}{{if .Date}}<br><span class="note">dated {{.Date}}</span>{{end}}</td><td>{{.Country}}</td><td>{{.Match}}</td><td>{{.Method}}</td><td class="num">{{.Confidence}}</td><td>{{if .Entity}}{{.EntityName}}<br><span class="note">{{.Entity}}</span>{{else}}<span class="note">{{.Candidates}}{{if .Problems}} {{.Problems}}{{end}}</span>{{end}}{{if .Party}}<div class="note">party: {{.Party}}</div>{{end}}{{if .PossiblySame}}<div class="note">possibly the same: {{.PossiblySame}}</div>{{end}}{{range .Why}}<div class="reason">why: {{.}}</div>{{end}}</td>{{range .Cells}}<td{{if .Status}} class="s-{{.Status}}"{{end}}>{{if .Anchor}}<a href="#{{.Anchor}}" style="color:inherit">{{.Status}}</a>{{else}}{{.Status}}{{end}}{{if .Share}} {{.Share}}{{end}}{{if and .Reason (ne .Reason "clear")}}<div class="reason">{{.Reason}}</div>{{end}}{{if .LookThrough}}<div class="reason">look-through held by designated parties: {{.LookThrough}} %</div>{{end}}{{if .Today}}<div class="reason today">today: {{.Today}}</div>{{end}}{{range .Possible}}<div class="reason"><strong>{{.}}</strong></div>{{end}}</td>{{end}}</tr>
{{end}}</tbody></table>
<h2>Proofs</h2>
{{if not .Proofs}}<p class="note">No matched counterparty is exposed.</p>{{end}}
{{range .Proofs}}<div class="proofcard" id="{{.Anchor}}">
<h3>{{.Name}} ({{.Entity}}) — {{upper .Regime}}: <span class="s-{{.Status}}">&nbsp;{{.Status}}&nbsp;</span>{{if $.Meta.Lookback}} as of {{.AsOf}}{{end}}</h3>
<p class="reason">{{.Reason}}{{if .LookThrough}} · look-through held by designated parties {{.LookThrough}} %{{end}}</p>
<p class="note">Counterparties: {{range $i, $r := .Refs}}{{if $i}}, {{end}}{{$r}}{{end}}</p>
{{.SVG}}
<details><summary>Proof text</summary><pre>{{.Text}}</pre></details>
</div>
{{end}}
</body></html>
`))
