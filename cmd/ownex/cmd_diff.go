package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
)

func diffCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.DiffOptions
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two analyses (saved runs or as-of dates): who became exposed or clear, and why",
		Long: "Compare two analyses. A and B are each a run saved by `ownex analyze --save NAME` or a date\n" +
			"YYYY-MM-DD (the current store analysed as of that date). Per regime, diff lists the parties\n" +
			"newly designated or delisted and the entities newly exposed, no longer exposed or changed\n" +
			"(status or counted share), each with its causes: the designations, holdings and control edges\n" +
			"in its upstream that started or ended between the two as-of dates.",
		Args: func(cmd *cobra.Command, args []string) error {
			if opt.List {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Diff(cmd.Context(), env, config(v), args, opt)
		},
	}
	f := cmd.Flags()
	regimeFlag(f, &opt.Regime)
	formatFlag(f, &opt.Format, "text", "text or jsonl")
	f.BoolVar(&opt.List, "list", false, "list the saved runs")
	return cmd
}
