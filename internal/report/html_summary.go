package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// WriteSummaryHTML writes a whole-store summary (`ownex report`) as one
// self-contained HTML page: counts per regime and status, the largest
// exposed groups, the entities on which regimes disagree and the
// data-quality findings, and the verdicts with possible links to review.
func WriteSummaryHTML(w io.Writer, s *queries.Summary, generated time.Time) error {
	data := map[string]any{
		"CSS": template.CSS(htmlCSS), "S": s, "Statuses": Statuses,
		"StatusRows": statusRows(s.Regimes, s.Statuses),
		"Generated":  generated.UTC().Format("2006-01-02 15:04 MST"),
	}
	if err := summaryTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	return nil
}

// refs names parties: "Name (id)", or "Name (id, id2, …)" for a party of
// several records.
func refs(rs []queries.EntityRef) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Name + " (" + refIDs(r) + ")"
	}
	return strings.Join(parts, ", ")
}

// refIDs is a party's record ids, "id, id2, …", or its id.
func refIDs(r queries.EntityRef) string {
	if len(r.Records) > 0 {
		return strings.Join(r.Records, ", ")
	}
	return r.ID
}

var summaryTemplate = template.Must(template.New("summary").Funcs(template.FuncMap{
	"upper":   func(r graph.Regime) string { return strings.ToUpper(string(r)) },
	"refs":    refs,
	"ids":     refIDs,
	"exposed": func(g queries.ExposedGroup, r graph.Regime) int { return g.Exposed[r] },
	"status":  func(d queries.Disagreement, r graph.Regime) graph.Status { return d.Statuses[r] },
	"more":    func(total, shown int) int { return total - shown },
	"possible": func(f queries.PossibleFinding) []string {
		return PossibleLines(f.ID, f.Regime, f.Flags, f.PossiblySameAs, f.PossiblyExposedVia, f.PossibleStatus)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ownex exposure report — {{.S.AsOf}}</title>
<style>{{.CSS}}</style></head>
<body>
<h1>Sanctions exposure report</h1>
<p class="meta">As of {{.S.AsOf}} · regimes {{range $i, $r := .S.Regimes}}{{if $i}}, {{end}}{{upper $r}}{{end}} · generated {{.Generated}} by ownex</p>
<div class="cards">
<div class="card"><b>{{.S.Parties}}</b>parties analysed ({{.S.Entities}} records)</div>
<div class="card"><b>{{.S.Store.Holdings}}</b>holdings</div>
<div class="card"><b>{{.S.Store.Controls}}</b>control edges</div>
<div class="card"><b>{{.S.Store.Designations}}</b>designations</div>
<div class="card"><b>{{.S.GroupsTotal}}</b>exposed groups</div>
<div class="card"><b>{{.S.DisagreementsTotal}}</b>disagreements</div>
<div class="card"><b>{{.S.PossibleTotal}}</b>with possible links</div>
</div>
<h2>Parties per regime and status</h2>
<p class="note">Records joined by strong same-as links (a shared identifier, a list's own cross-reference, a confirmed or corroborated match) are one party, counted once and listed once with all its record ids.</p>
<table><thead><tr><th>Regime</th>{{range .Statuses}}<th class="num">{{.}}</th>{{end}}</tr></thead><tbody>
{{range .StatusRows}}<tr><td>{{upper .Regime}}</td>{{range .Counts}}<td class="num">{{.}}</td>{{end}}</tr>
{{end}}</tbody></table>
<h2>Largest exposed groups</h2>
<p class="note">A group is a connected set of parties that are not clear under some regime, joined by the holdings and control edges among their records.</p>
<table><thead><tr><th class="num">Size</th><th>Most connected member</th><th>Designated members</th>{{range .S.Regimes}}<th class="num">{{upper .}} exposed</th>{{end}}</tr></thead><tbody>
{{range $g := .S.Groups}}<tr><td class="num">{{$g.Size}}</td><td>{{$g.Largest.Name}} <span class="note">{{ids $g.Largest}}</span></td><td>{{refs $g.Designated}}</td>{{range $.S.Regimes}}<td class="num">{{exposed $g .}}</td>{{end}}</tr>
{{else}}<tr><td colspan="9">No exposed group.</td></tr>{{end}}</tbody></table>
{{if gt .S.GroupsTotal (len .S.Groups)}}<p class="note">{{more .S.GroupsTotal (len .S.Groups)}} smaller groups not shown.</p>{{end}}
<h2>Parties on which regimes disagree</h2>
<p class="note">Parties reached through ownership or control under one regime first, then differences between the lists themselves.</p>
<table><thead><tr><th>Party</th>{{range .S.Regimes}}<th>{{upper .}}</th>{{end}}</tr></thead><tbody>
{{range $d := .S.Disagreements}}<tr><td>{{$d.Name}} <span class="note">{{ids $d.EntityRef}}</span></td>{{range $.S.Regimes}}{{$st := status $d .}}<td class="s-{{$st}}">{{$st}}</td>{{end}}</tr>
{{else}}<tr><td colspan="4">The regimes agree on every party.</td></tr>{{end}}</tbody></table>
{{if gt .S.DisagreementsTotal (len .S.Disagreements)}}<p class="note">{{more .S.DisagreementsTotal (len .S.Disagreements)}} more not shown.</p>{{end}}
<h2>Possible links to review ({{.S.PossibleTotal}} parties)</h2>
<p class="note">Name matches that nothing corroborates: they never merge parties and never change a status. A party possibly the same as a designated or exposed party, or possibly exposed through such a link, is listed per regime, the possibly exposed first.</p>
<table id="possible"><thead><tr><th>Party</th><th>Regime</th><th>Status</th><th>Possible links</th></tr></thead><tbody>
{{range .S.Possible}}<tr><td>{{.Name}} <span class="note">{{ids .EntityRef}}</span></td><td>{{upper .Regime}}</td><td class="s-{{.Status}}">{{.Status}}</td><td>{{range possible .}}<div>{{.}}</div>{{end}}</td></tr>
{{else}}<tr><td colspan="4">None.</td></tr>{{end}}</tbody></table>
{{if gt .S.PossibleVerdicts (len .S.Possible)}}<p class="note">{{more .S.PossibleVerdicts (len .S.Possible)}} more not shown.</p>{{end}}
<h2>Data quality</h2>
<h3>Over-allocated companies ({{.S.OverAllocatedTotal}})</h3>
<table><thead><tr><th>Company</th><th class="num">Holders</th><th class="num">Published shares add up to</th></tr></thead><tbody>
{{range .S.OverAllocated}}<tr><td>{{.Name}} <span class="note">{{ids .EntityRef}}</span></td><td class="num">{{.Holders}}</td><td class="num">{{.Total}} %</td></tr>
{{else}}<tr><td colspan="3">None.</td></tr>{{end}}</tbody></table>
<h3>Ownership cycles ({{.S.CyclesTotal}})</h3>
<table><thead><tr><th class="num">Size</th><th>Members</th></tr></thead><tbody>
{{range .S.Cycles}}<tr><td class="num">{{.Size}}</td><td>{{refs .Members}}</td></tr>
{{else}}<tr><td colspan="2">None.</td></tr>{{end}}</tbody></table>
<h3>Unknown shares on exposed paths ({{.S.UnknownSharesTotal}})</h3>
<table><thead><tr><th>Owner</th><th>Owner status ({{range $i, $r := .S.Regimes}}{{if $i}}/{{end}}{{upper $r}}{{end}})</th><th>Owned</th><th>Source</th></tr></thead><tbody>
{{range .S.UnknownShares}}<tr><td>{{.Owner.Name}} <span class="note">{{ids .Owner}}</span></td><td>{{range $i, $s := .Statuses}}{{if $i}} / {{end}}{{$s}}{{end}}</td><td>{{.Owned.Name}} <span class="note">{{ids .Owned}}</span></td><td>{{.Source}} {{.Record}}</td></tr>
{{else}}<tr><td colspan="4">None.</td></tr>{{end}}</tbody></table>
</body></html>
`))
