package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Ids in the OpenSanctions Zala sample (testdata/ftm/yente-zala).
const (
	zakharov = "os:NK-aU5ybkbRFJucf8YMwsJvDw" // Alexander Zakharov: designated by OFAC (no date), UK 2023-12-06, EU 2025-02-24
	rtc      = "os:NK-ERScv7cLkkvZ3ejz7xiToj" // held 100 % by Zakharov from 2022-04-22 to 2023-10-22
)

// TestZalaChain loads the real OpenSanctions Zala sample and finds an
// entity exposed through the file's own ownership edges: RTC, 100 % held by
// the OFAC-designated Zakharov in 2023, is blocked under OFAC as of
// 2023-06-01, clear under UK and EU (both listed him later), and its proof
// names the holding and the designation with their source records (issue
// 5, acceptance 2).
func TestZalaChain(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	ingestFormat(t, cfg, "ftm", "../../testdata/ftm/yente-zala/entities.ftm.json")
	got := analyzeLines(t, cfg, AnalyzeOptions{AsOf: "2023-06-01", Format: "jsonl"})
	for _, want := range []string{rtc + " ofac blocked", zakharov + " ofac designated"} {
		if !contains(got, want) {
			t.Errorf("verdicts as of 2023-06-01 lack %q: %v", want, got)
		}
	}
	for _, g := range got {
		if strings.HasPrefix(g, rtc+" uk") || strings.HasPrefix(g, rtc+" eu") {
			t.Errorf("RTC must be clear under UK and EU in 2023 (both listed Zakharov later): %q", g)
		}
	}
	var out bytes.Buffer
	if err := Explain(context.Background(), Env{Stdout: &out}, cfg, rtc, ExplainOptions{AsOf: "2023-06-01", Regime: "ofac"}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"OFAC: blocked", zakharov, "holds 100 % shares", "designation: ofac", "source os:us_ofac_sdn"} {
		if !strings.Contains(s, want) {
			t.Errorf("proof lacks %q:\n%s", want, s)
		}
	}
	// After the stake ended, RTC is clear.
	later := analyzeLines(t, cfg, AnalyzeOptions{AsOf: "2024-01-01", Format: "jsonl"})
	for _, g := range later {
		if strings.HasPrefix(g, rtc+" ") {
			t.Errorf("RTC still exposed after 2023-10-22: %q", g)
		}
	}
}
