package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/report"
)

// Formats of a change report, chosen by the file's extension.
const (
	changesJSONL = "jsonl"
	changesCSV   = "csv"
	changesHTML  = "html"
)

// changeFormat returns the format of a change report file from its
// extension: .jsonl (or .json), .csv, .html (or .htm).
func changeFormat(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".json":
		return changesJSONL, nil
	case ".csv":
		return changesCSV, nil
	case ".html", ".htm":
		return changesHTML, nil
	}
	return "", Usagef("--changes %s: unknown extension: want .jsonl, .csv or .html", path)
}

// writeChanges writes a change report: jsonl, one ChangeLine per line;
// csv, one row per line with its causes and notes joined by "; " (cells
// neutralised against formula injection); html, a page without scripts
// or inline styles.
func writeChanges(w io.Writer, format string, asOf graph.Date, lines []ChangeLine) error {
	switch format {
	case changesJSONL:
		enc := json.NewEncoder(w)
		for _, l := range lines {
			if err := enc.Encode(l); err != nil {
				return fmt.Errorf("write jsonl: %w", err)
			}
		}
		return nil
	case changesCSV:
		cw := csv.NewWriter(w)
		cw.Write([]string{"load", "as_of", "regime", "change", "id", "name", "before_status", "before_share",
			"after_status", "after_share", "causes", "notes"})
		for _, l := range lines {
			var causes []string
			for _, c := range l.Causes {
				causes = append(causes, c.Text)
			}
			row := []string{strconv.FormatInt(l.Load, 10), string(asOf), string(l.Regime), l.Change, l.ID, l.Name,
				string(l.Before.Status), l.Before.ShareRange, string(l.After.Status), l.After.ShareRange,
				strings.Join(causes, "; "), strings.Join(l.Notes, "; ")}
			for i := range row {
				row[i] = report.NeutraliseCell(row[i])
			}
			cw.Write(row)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
		return nil
	case changesHTML:
		return changesPage.Execute(w, changesData{AsOf: asOf, Lines: lines, Titles: changeTitles})
	}
	return fmt.Errorf("unknown change report format %q", format)
}

type changesData struct {
	AsOf   graph.Date
	Lines  []ChangeLine
	Titles map[string]string
}

var changesPage = template.Must(template.New("changes").Funcs(template.FuncMap{"state": stateText}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ownex: changes as of {{.AsOf}}</title></head>
<body>
<h1>Verdicts changed as of {{.AsOf}}</h1>
{{if not .Lines}}<p>No verdict changed.</p>{{else}}
<table>
<thead><tr><th>load</th><th>regime</th><th>change</th><th>entity</th><th>before</th><th>after</th><th>causes</th></tr></thead>
<tbody>
{{range .Lines}}<tr><td>{{.Load}}</td><td>{{.Regime}}</td><td>{{index $.Titles .Change}}</td><td>{{.ID}}{{if ne .Name .ID}} {{.Name}}{{end}}</td><td>{{state .Before}}</td><td>{{state .After}}</td>
<td><ul>{{range .Causes}}<li>{{.Text}}</li>{{end}}{{range .Notes}}<li>note: {{.}}</li>{{end}}</ul></td></tr>
{{end}}</tbody>
</table>{{end}}
</body></html>
`))
