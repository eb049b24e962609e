package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
)

func screenCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ScreenOptions
	var memoryLimit string
	cmd := &cobra.Command{
		Use:   "screen <counterparties.csv>",
		Short: "Screen a list of counterparties: match each to the graph, with verdicts, reasons and proofs",
		Long: "Screen a list of counterparties. The CSV has a header with the columns name, and optionally\n" +
			"country, identifiers (scheme:value;scheme:value), dob (a person's date of birth, YYYY-MM-DD\n" +
			"or YYYY; birth_date is read too), date (YYYY-MM-DD, e.g. a payment date: the row is\n" +
			"screened as of that date, and its status as of --as-of is given too) and ref (your own\n" +
			"reference). A date that is not YYYY-MM-DD stops the screening before any analysis. Each row is\n" +
			"matched by identifier first, then by name; every row appears exactly once in the output,\n" +
			"matched, ambiguous or unmatched. Formats: csv, jsonl, xlsx (results, proofs and\n" +
			"unmatched/ambiguous sheets), html (one self-contained page with each proof drawn) and parquet\n" +
			"(one row per counterparty and regime, typed columns, for DuckDB, pandas or Spark).\n" +
			"Possible links (name matches nothing corroborates) never change a status; the flags\n" +
			"possibly-same-as and possibly-exposed name them, in the columns <regime>_possibly_same_as,\n" +
			"<regime>_possibly_exposed_via and <regime>_possible_status.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := limitScreenMemory(memoryLimit); err != nil {
				return err
			}
			return cli.Screen(cmd.Context(), env, config(v), args[0], opt)
		},
	}
	f := cmd.Flags()
	regimeFlag(f, &opt.Regime)
	asOfFlag(f, &opt.AsOf, "screen")
	formatFlag(f, &opt.Format, "", "csv, jsonl, xlsx, html or parquet (default: from the --out extension, else csv)")
	f.StringVar(&opt.Out, "out", "", "write to this file (atomically) instead of stdout")
	f.Float64Var(&opt.Threshold, "threshold", 0, "lowest name score that matches, 0-1 (default: the resolver's 0.85)")
	f.BoolVar(&opt.LookThroughAll, "look-through-all", false, "compute the look-through share held by designated parties for clear rows too (slower on dense graphs)")
	f.StringVar(&memoryLimit, "memory-limit", "auto", "soft limit of the memory: auto (60% of the machine's or its control group's memory, on Linux), off, or a size such as 8GiB; GOMEMLIMIT overrides")
	return cmd
}

func reportCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ReportOptions
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Whole-store summary for a risk committee (HTML or XLSX)",
		Long: "Whole-store summary: counts per regime and status, the largest exposed groups, the entities\n" +
			"on which regimes disagree, and data-quality findings (over-allocated companies, ownership\n" +
			"cycles, unknown shares on exposed paths), and the verdicts with possible links to review.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Report(cmd.Context(), env, config(v), opt)
		},
	}
	f := cmd.Flags()
	regimeFlag(f, &opt.Regime)
	asOfFlag(f, &opt.AsOf, "analyse")
	formatFlag(f, &opt.Format, "", "html or xlsx (default: from the --out extension, else html)")
	f.StringVar(&opt.Out, "out", "", "write to this file (atomically) instead of stdout")
	f.IntVar(&opt.Top, "top", 25, "length of every list in the report")
	return cmd
}
