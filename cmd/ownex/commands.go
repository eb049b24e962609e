package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/report"
)

func ingestCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.IngestOptions
	var lines []string
	for _, f := range cli.Formats() {
		lines = append(lines, fmt.Sprintf("  %-10s %s", f.Name, f.Description))
	}
	cmd := &cobra.Command{
		Use:   "ingest <format> <file|dir>...",
		Short: "Load files into the store",
		Long: "Load files into the store. A folder stands for every file of the format in it.\n" +
			"Strict by default: a bad record fails the whole load and nothing is written.\n" +
			"With --lenient, a sanctions list that was not read whole (a record skipped, a truncated\n" +
			"file) loads as a partial version: additions and changes apply, nothing is closed.\n" +
			"A whole list version that would delist most of the list (any designation while it holds\n" +
			"none, or 10 or more and more than it holds) is refused unless --allow-mass-delisting.\n\n" +
			"Exit status: 0 loaded, 1 runtime failure, 2 bad usage or bad input (or a list version\n" +
			"older than one loaded, or one refused for what it would delist), 3 a partial load (--lenient):\n" +
			"a list loaded as a partial version, or a file not read to its end (a syntax error in XML\n" +
			"or in a JSON array stops its reading: what came before it is loaded, nothing after it).\n\nFormats:\n" +
			strings.Join(lines, "\n"),
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Ingest(cmd.Context(), env, config(v), args[0], args[1:], opt)
		},
	}
	cmd.Flags().BoolVar(&opt.Lenient, "lenient", false, "skip bad records and report each one instead of failing")
	cmd.Flags().BoolVar(&opt.AllowMassDelisting, "allow-mass-delisting", false, "load a list version even if it would delist most of the list")
	cmd.Flags().StringVar(&opt.Changes, "changes", "", "write the verdicts the load changed to `FILE` (.jsonl, .csv or .html)")
	cmd.Flags().StringVar(&opt.AsOf, "as-of", "", "date of the verdicts of --changes, YYYY-MM-DD (default today)")
	return cmd
}

func changesCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ChangesOptions
	cmd := &cobra.Command{
		Use:   "changes --since <load id|YYYY-MM-DD>",
		Short: "The verdicts the loads since a load or a date changed (from their --changes reports)",
		Long: "List the verdicts the loads since a load id (or since a date: the loads started on or after it)\n" +
			"changed, composed from the change reports they kept (ingest --changes): for each entity and\n" +
			"regime, the state before the first load that changed it and after the last, with every load's\n" +
			"causes; a change that a later load undid is left out. A load made without --changes kept no\n" +
			"report: it is named on stderr and what it changed is not in the output.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Changes(cmd.Context(), env, config(v), opt)
		},
	}
	cmd.Flags().StringVar(&opt.Since, "since", "", "first load id, or a date YYYY-MM-DD")
	cmd.Flags().StringVar(&opt.Format, "format", "text", "text, jsonl, csv or html")
	cmd.Flags().StringVar(&opt.Out, "out", "", "write to `FILE` instead of stdout")
	return cmd
}

func analyzeCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.AnalyzeOptions
	cmd := &cobra.Command{
		Use:   "analyze",
		Short: "Decide every entity's status under each regime",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Analyze(cmd.Context(), env, config(v), opt)
		},
	}
	f := cmd.Flags()
	regimeFlag(f, &opt.Regime)
	asOfFlag(f, &opt.AsOf, "analyse")
	formatFlag(f, &opt.Format, "", "table, jsonl, csv or parquet (default table on a terminal, else jsonl; parquet needs --out or a redirect)")
	f.BoolVar(&opt.All, "all", false, "include clear verdicts (clear verdicts with possible links are always included)")
	f.StringVar(&opt.Out, "out", "", "write to this file (atomically) instead of stdout")
	f.BoolVar(&opt.WriteBack, "write-back", false, "store the verdicts on the entities and label exposed ones :Exposed (Neo4j)")
	f.StringVar(&opt.Save, "save", "", "keep this run under `NAME` for ownex diff (replaces a run of that name)")
	return cmd
}

func explainCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ExplainOptions
	cmd := &cobra.Command{
		Use:   "explain <entity-id>",
		Short: "Show why an entity has its status: the proof tree",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			limitExplainMemory()
			return cli.Explain(cmd.Context(), env, config(v), args[0], opt)
		},
	}
	f := cmd.Flags()
	regimeFlag(f, &opt.Regime)
	asOfFlag(f, &opt.AsOf, "explain")
	formatFlag(f, &opt.Format, "text", "text or json")
	f.IntVar(&opt.Depth, "depth", report.DefaultProofDepth, "text: levels of owners shown; deeper levels are summed up in one line")
	return cmd
}

func demoCmd(env cli.Env) *cobra.Command {
	var opt cli.DemoOptions
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Analyse a bundled sample network; needs no file and no server",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Demo(cmd.Context(), env, opt)
		},
	}
	asOfFlag(cmd.Flags(), &opt.AsOf, "analyse")
	cmd.Flags().StringVar(&opt.Keep, "keep", "", "keep the demo store in this SQLite file for further commands")
	return cmd
}

func queryCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.QueryOptions
	cmd := &cobra.Command{
		Use:   "query [NAME] [--param key=value]...",
		Short: "Run a named investigator query of the Cypher catalog on Neo4j (--list shows them)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			return cli.Query(cmd.Context(), env, config(v), name, opt)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opt.List, "list", false, "list the catalog's queries and their parameters")
	f.StringArrayVar(&opt.Params, "param", nil, "query parameter key=value (repeatable)")
	formatFlag(f, &opt.Format, "table", "table or jsonl")
	return cmd
}

func loadsCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.LoadsOptions
	cmd := &cobra.Command{
		Use:   "loads",
		Short: "List the store's load log: each load's status (running, committed, failed, interrupted), times, records and error",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Loads(cmd.Context(), env, config(v), opt)
		},
	}
	formatFlag(cmd.Flags(), &opt.Format, "table", "table or jsonl")
	return cmd
}

func showCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ShowOptions
	cmd := &cobra.Command{
		Use:   "show <entity-id>",
		Short: "Show everything known about an entity: names, identifiers, designations, relations, party, possible links, history",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Show(cmd.Context(), env, config(v), args[0], opt)
		},
	}
	formatFlag(cmd.Flags(), &opt.Format, "text", "text or json")
	cmd.Flags().StringVar(&opt.AsOf, "as-of", "", "mark what is not in force on this date, YYYY-MM-DD (default today)")
	return cmd
}

func resolveCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ResolveOptions
	cmd := &cobra.Command{
		Use:   "resolve [--confirm|--reject <id> <id>]",
		Short: "Link records of the same party across sources: by identifier, by name corroborated by a date of birth or a registration, and possible links by name alone",
		Long: "Link records of the same party across sources (docs/RESOLVE.md). A shared identifier (LEI, IMO, company\n" +
			"number with its country, passport with its country…) or a name match corroborated by an agreeing date of\n" +
			"birth, passport, registration number or incorporation date makes a strong link (one party); a name match\n" +
			"alone makes a possible link (a flag, never a merge); a conflicting attribute (another date of birth, IMO\n" +
			"number, LEI…) vetoes a link, and two entries of one sanctions list are never linked. Each run replaces\n" +
			"the previous run's links.\n\n" +
			"Review: the --review file lists possible links, vetoed links and the name matches below the threshold,\n" +
			"with an empty accept column. Write yes (y, true, 1, x) to confirm a row, no (n, false, 0, reject) to\n" +
			"reject it, and give the file back with --accept FILE; or decide one pair with --confirm A B or\n" +
			"--reject A B. A decision is kept with who (--by) and when, is never overridden by a later run, and a\n" +
			"rejected pair is never linked again. Decisions are stored before the resolution runs, so that the\n" +
			"run follows them (and the review file is written anew without the decided pairs).",
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt.Pair = args
			if opt.By == "" {
				opt.By = os.Getenv("USER")
			}
			return cli.Resolve(cmd.Context(), env, config(v), opt)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&opt.Threshold, "threshold", 0, "name-match score from which records are linked, possibly or (corroborated) strongly (default: the resolver's, see docs/RESOLVE.md)")
	f.StringVar(&opt.Review, "review", "resolve-review.csv", "CSV file for the pairs to review (empty: none)")
	f.BoolVar(&opt.DryRun, "dry-run", false, "report what would be linked and decided, write nothing to the store")
	f.StringVar(&opt.Accept, "accept", "", "store the decisions of this review `FILE`'s accept column, then resolve")
	f.BoolVar(&opt.Confirm, "confirm", false, "store that the two entity ids given as arguments are one party, then resolve")
	f.BoolVar(&opt.Reject, "reject", false, "store that the two entity ids given as arguments are different parties, then resolve")
	f.StringVar(&opt.By, "by", "", "`NAME` of who decides, kept with each decision (default $USER, else unknown)")
	return cmd
}

func genCmd(env cli.Env) *cobra.Command {
	var opt cli.GenOptions
	cmd := &cobra.Command{
		Use:   "gen --entities N --seed S --out DIR",
		Short: "Write a synthetic, realistic ownership graph in the generic CSV format",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Gen(cmd.Context(), env, opt)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opt.Entities, "entities", 10000, "number of entities")
	f.Int64Var(&opt.Seed, "seed", 1, "random seed (the output is deterministic for a seed)")
	f.StringVar(&opt.Out, "out", "", "folder to write entities.csv, ownership.csv, control.csv and designations.csv into")
	return cmd
}

func snapshotCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	return &cobra.Command{
		Use:   "snapshot",
		Short: "Write the store's snapshot cache now (analyze reads it while the store is unchanged)",
		Long: "Write a compact binary snapshot of the store's graph — next to a SQLite file (FILE.snapshot), or in\n" +
			"--cache-dir for Neo4j — tagged with the state of the store's load log. ingest and resolve write it\n" +
			"after each load; analyze and export parquet read it while the tag matches and rebuild it when not;\n" +
			"--no-cache bypasses it. Its format is in internal/snapcache/doc.go.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.Snapshot(cmd.Context(), env, config(v), cli.SnapshotOptions{})
		},
	}
}
