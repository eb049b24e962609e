package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
)

func whatifCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.WhatIfOptions
	cmd := &cobra.Command{
		Use:   "whatif [--designate ID:REGIME]… [--delist ID:REGIME]… [--holding OWNER,OWNED,SHARE]…",
		Short: "Report the verdicts that would change with hypothetical designations, delistings or holdings (writes nothing)",
		Long: "What-if: the verdicts that would change as of --as-of if the store had, from that date, the\n" +
			"designations given by --designate (REGIME: ofac, uk, eu or un), had the designations in force of\n" +
			"--delist ended, and had the holdings of --holding (SHARE as in the generic CSV: 60, 25-50, >50,\n" +
			"unknown). The report is diff's (newly designated, delisted, newly exposed, no longer exposed,\n" +
			"changed), each line with the hypothetical records in its upstream as causes and the proofs\n" +
			"of the state before and after. Nothing is written to the store.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cli.WhatIf(cmd.Context(), env, config(v), opt)
		},
	}
	f := cmd.Flags()
	regimeFlag(f, &opt.Regime)
	asOfFlag(f, &opt.AsOf, "analyse")
	formatFlag(f, &opt.Format, "text", "text or jsonl")
	f.StringArrayVar(&opt.Designate, "designate", nil, "designate entity ID under REGIME from --as-of (ID:REGIME; repeatable)")
	f.StringArrayVar(&opt.Delist, "delist", nil, "end entity ID's designations under REGIME in force on --as-of (ID:REGIME; repeatable)")
	f.StringArrayVar(&opt.Holding, "holding", nil, "add a holding from --as-of (OWNER,OWNED,SHARE; repeatable)")
	return cmd
}
