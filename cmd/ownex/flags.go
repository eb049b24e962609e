package main

import "github.com/spf13/pflag"

// regimeFlag adds --regime (default all) to f.
func regimeFlag(f *pflag.FlagSet, p *string) {
	f.StringVar(p, "regime", "all", "ofac, uk, eu (comma-separated) or all")
}

// asOfFlag adds --as-of (default today) to f; verb, if not empty, leads the
// help text ("analyse" gives "analyse as of this date, ...").
func asOfFlag(f *pflag.FlagSet, p *string, verb string) {
	usage := "as of this date, YYYY-MM-DD (default today)"
	if verb != "" {
		usage = verb + " " + usage
	}
	f.StringVar(p, "as-of", "", usage)
}

// formatFlag adds --format with the given default and help text to f.
func formatFlag(f *pflag.FlagSet, p *string, def, usage string) {
	f.StringVar(p, "format", def, usage)
}
