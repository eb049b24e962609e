package httpapi_test

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// TestScreenLookbackDownloads checks that a screening upload with a date
// column (issue 17 item 2) is decided row by row as of each row's date in
// the API's downloads too, with the status today beside it: Lumen Energy
// was OFAC-blocked on 2023-06-30 (the demo's RULES.md V24 case) and is
// clear on the server's date.
func TestScreenLookbackDownloads(t *testing.T) {
	ts := demoServer(t, nil)
	book := "ref,name,date\nP-1,Lumen Energy OOO,2023-06-30\nP-2,Lumen Energy OOO,\n"
	auth := map[string]string{"Content-Type": "text/csv", "Authorization": "Bearer " + token}
	resp, b := do(t, "POST", ts.URL+"/api/v1/screen?format=csv&regime=ofac", strings.NewReader(book), auth)
	wantStatus(t, resp, b, 200, "")
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("csv: %v %q", err, b)
	}
	col := func(name string) int {
		i := slices.Index(recs[0], name)
		if i < 0 {
			t.Fatalf("csv header %v lacks %s", recs[0], name)
		}
		return i
	}
	st, today, date := col("ofac_status"), col("ofac_status_today"), col("date")
	if got := recs[1][date] + " " + recs[1][st] + " " + recs[1][today]; got != "2023-06-30 blocked clear" {
		t.Errorf("dated row: %q, want 2023-06-30 blocked clear", got)
	}
	if recs[2][st] != "clear" {
		t.Errorf("undated row: %q, want clear (as of the server's date)", recs[2][st])
	}
}
