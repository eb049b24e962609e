package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/queries"
)

// investigateFlags adds the flags shared by the investigator commands.
func investigateFlags(cmd *cobra.Command, opt *cli.InvestigateOptions) {
	f := cmd.Flags()
	asOfFlag(f, &opt.AsOf, "")
	formatFlag(f, &opt.Format, "table", "table or jsonl")
}

func ownersCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.InvestigateOptions
	cmd := &cobra.Command{
		Use:   "owners <entity-id>",
		Short: "List who owns or controls an entity, directly and indirectly, level by level",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Owners(cmd.Context(), env, config(v), args[0], opt)
		},
	}
	cmd.Flags().IntVar(&opt.Depth, "depth", 0, "levels of owners to follow (0: all)")
	investigateFlags(cmd, &opt)
	return cmd
}

func holdingsCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.InvestigateOptions
	cmd := &cobra.Command{
		Use:   "holdings <entity-id>",
		Short: "List what an entity owns or controls, directly and indirectly, level by level",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Holdings(cmd.Context(), env, config(v), args[0], opt)
		},
	}
	cmd.Flags().IntVar(&opt.Depth, "depth", 0, "levels of holdings to follow (0: all)")
	investigateFlags(cmd, &opt)
	return cmd
}

func pathsCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.InvestigateOptions
	cmd := &cobra.Command{
		Use:   "paths <owner-id> <owned-id>",
		Short: "List the ownership paths from one entity to another, with direct and multiplied shares",
		Long: "List the simple ownership paths A owns ... owns B, shortest first, each with the direct share of\n" +
			"every step and the multiplied share (an analytic measure, not a verdict).",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Paths(cmd.Context(), env, config(v), args[0], args[1], opt)
		},
	}
	cmd.Flags().IntVar(&opt.Max, "max", 10, "at most this many paths")
	cmd.Flags().IntVar(&opt.MaxLength, "max-length", queries.DefaultPathLength, "at most this many holdings per path")
	investigateFlags(cmd, &opt)
	return cmd
}

func lookthroughCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.InvestigateOptions
	cmd := &cobra.Command{
		Use:   "lookthrough <entity-id>",
		Short: "Show the look-through (integrated) ownership of an entity by every upstream party",
		Long: "Show the look-through ownership of an entity by every upstream party: the sum over all ownership\n" +
			"paths of the products of their shares, cross-holdings solved exactly (docs/LOOKTHROUGH.md), as a\n" +
			"lower and an upper value from the share ranges. An analytic measure, never a verdict.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.LookThrough(cmd.Context(), env, config(v), args[0], opt)
		},
	}
	investigateFlags(cmd, &opt)
	return cmd
}
