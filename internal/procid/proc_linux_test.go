package procid

import "testing"

func TestParseStat(t *testing.T) {
	// A command name with spaces and parentheses; start time 98765.
	stat := "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10 18446744073709551615"
	if st, err := parseStat([]byte(stat)); err != nil || st != 98765 {
		t.Fatalf("parseStat = %d, %v; want 98765", st, err)
	}
	for _, bad := range []string{"4242 no parens", "4242 (x) S 1 2", "4242 (x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 abc 1"} {
		if _, err := parseStat([]byte(bad)); err == nil {
			t.Errorf("parseStat(%q) succeeded", bad)
		}
	}
}
