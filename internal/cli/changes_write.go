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

// reportRow is a line of a change report as the csv, html and text
// writers show it: the load(s) that made the change, and the diff line.
type reportRow struct {
	Loads string // "3", or "3, 5" for a change composed over loads
	DiffLine
}

// writeChangeLines writes the lines of one load's change report: jsonl,
// one ChangeLine per line; the other formats as writeRows.
func writeChangeLines(w io.Writer, format string, lines []ChangeLine) error {
	if format == changesJSONL {
		enc := json.NewEncoder(w)
		for _, l := range lines {
			if err := enc.Encode(l); err != nil {
				return fmt.Errorf("write jsonl: %w", err)
			}
		}
		return nil
	}
	rows := make([]reportRow, len(lines))
	for i, l := range lines {
		rows[i] = reportRow{Loads: strconv.FormatInt(l.Load, 10), DiffLine: l.DiffLine}
	}
	return writeRows(w, format, rows)
}

// writeRows writes change report rows: csv, one row per line with its
// causes and notes joined by "; " (cells neutralised against formula
// injection); html, a page without scripts or inline styles; text, a line
// per change with its causes and notes below.
func writeRows(w io.Writer, format string, rows []reportRow) error {
	switch format {
	case changesCSV:
		cw := csv.NewWriter(w)
		cw.Write([]string{"load", "as_of", "regime", "change", "id", "name", "before_status", "before_share",
			"after_status", "after_share", "causes", "notes"})
		for _, l := range rows {
			var causes []string
			for _, c := range l.Causes {
				causes = append(causes, c.Text)
			}
			row := []string{l.Loads, string(l.To), string(l.Regime), l.Change, l.ID, l.Name,
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
		return changesPage.Execute(w, changesData{Rows: rows, Titles: changeTitles})
	case "text":
		var sb strings.Builder
		if len(rows) == 0 {
			sb.WriteString("no verdict changed\n")
		}
		for _, l := range rows {
			name := ""
			if l.Name != l.ID {
				name = " " + l.Name
			}
			fmt.Fprintf(&sb, "load %s, as of %s, %s  %-17s  %s%s: %s → %s\n", l.Loads, l.To, l.Regime, changeTitles[l.Change], l.ID, name,
				stateText(l.Before), stateText(l.After))
			writeCausesText(&sb, l.DiffLine)
		}
		_, err := io.WriteString(w, sb.String())
		return err
	}
	return fmt.Errorf("unknown change report format %q", format)
}

type changesData struct {
	Rows   []reportRow
	Titles map[string]string
}

var changesPage = template.Must(template.New("changes").Funcs(template.FuncMap{"state": stateText}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ownex: verdicts changed by loads</title></head>
<body>
<h1>Verdicts changed by loads</h1>
{{if not .Rows}}<p>No verdict changed.</p>{{else}}
<table>
<thead><tr><th>load</th><th>as of</th><th>regime</th><th>change</th><th>entity</th><th>before</th><th>after</th><th>causes</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Loads}}</td><td>{{.To}}</td><td>{{.Regime}}</td><td>{{index $.Titles .Change}}</td><td>{{.ID}}{{if ne .Name .ID}} {{.Name}}{{end}}</td><td>{{state .Before}}</td><td>{{state .After}}</td>
<td><ul>{{range .Causes}}<li>{{.Text}}</li>{{end}}{{range .Notes}}<li>note: {{.}}</li>{{end}}</ul></td></tr>
{{end}}</tbody>
</table>{{end}}
</body></html>
`))
