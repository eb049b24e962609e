package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemo checks that the demo prints the three regimes' verdicts and an
// explanation, and that the regimes disagree where the demo README says.
func TestDemo(t *testing.T) {
	var out bytes.Buffer
	keep := filepath.Join(t.TempDir(), "demo.db")
	if err := Demo(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, DemoOptions{AsOf: "2025-06-30", Keep: keep}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"OFAC", "UK", "EU", "Tundra Mining PLC", "designated", "OFAC: blocked", "rule:"} {
		if !strings.Contains(s, want) {
			t.Errorf("demo output lacks %q:\n%s", want, s)
		}
	}
	got := analyzeLines(t, Config{DB: keep}, AnalyzeOptions{AsOf: "2025-06-30", Format: "jsonl"})
	for _, want := range []string{
		"demo:nordvik ofac blocked", "demo:nordvik uk owned", "demo:nordvik eu owned",
		"demo:severo-logistics ofac blocked", "demo:severo-terminal ofac blocked", "demo:tundra-mining ofac blocked",
		"demo:amber-shipping uk owned",
		"demo:kestrel-media uk controlled", "demo:kestrel-media eu controlled", "demo:kestrel-print uk owned", "demo:kestrel-print eu owned",
		"demo:steppe-media uk controlled", "demo:steppe-media eu controlled", "demo:steppe-print eu owned",
		"demo:volga-grain ofac blocked", "demo:volga-grain uk undetermined", "demo:volga-grain eu owned",
		"demo:pamir ofac undetermined", "demo:pamir uk undetermined", "demo:pamir eu undetermined",
		"demo:orion uk owned", "demo:orion eu controlled",
		"demo:meridian uk owned", "demo:meridian eu owned",
		"demo:polar-bay ofac blocked", "demo:polar-bay eu owned",
		"demo:caspian ofac blocked",
	} {
		if !contains(got, want) {
			t.Errorf("demo verdicts lack %q", want)
		}
	}
	for _, absent := range []string{"demo:severo-logistics uk", "demo:amber-shipping ofac", "demo:amber-shipping eu",
		"demo:aurora", "demo:borealis", "demo:steppe-print uk", "demo:lumen", "demo:orlov-agro", "demo:region-fund",
		"demo:polar-bay uk", "demo:meridian ofac", "demo:orion ofac"} {
		for _, g := range got {
			if strings.HasPrefix(g, absent+" ") {
				t.Errorf("demo verdict %q should be clear", g)
			}
		}
	}
	past := analyzeLines(t, Config{DB: keep}, AnalyzeOptions{AsOf: "2023-06-30", Format: "jsonl"})
	for _, want := range []string{"demo:lumen ofac blocked", "demo:lumen uk owned", "demo:orlov-agro ofac blocked", "demo:orlov-agro eu owned"} {
		if !contains(past, want) {
			t.Errorf("demo verdicts as of 2023-06-30 lack %q", want)
		}
	}
}
