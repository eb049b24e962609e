package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
)

func timelineCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.TimelineOptions
	cmd := &cobra.Command{
		Use:   "timeline <entity-id>",
		Short: "Show since when and until when an entity had each status, and what changed it",
		Long: "Show, per regime, the maximal intervals [from, to) on which the entity's status and counted\n" +
			"share are constant, with the events on each interval's start: designations listed or delisted,\n" +
			"holdings and control edges started or ended in its upstream, list versions loaded, with their\n" +
			"records. Exact, not sampled: the analysis is repeated on every date on which a record of the\n" +
			"entity's upstream starts or ends.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Timeline(cmd.Context(), env, config(v), args[0], opt)
		},
	}
	f := cmd.Flags()
	regimeFlag(f, &opt.Regime)
	f.StringVar(&opt.From, "from", "", "show the timeline from this date, YYYY-MM-DD (default since always)")
	f.StringVar(&opt.To, "to", "", "show the timeline until this date (exclusive), YYYY-MM-DD (default still in force)")
	formatFlag(f, &opt.Format, "text", "text or jsonl")
	return cmd
}
