package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
)

func exportCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ExportOptions
	cmd := &cobra.Command{
		Use:   "export neo4j-import|parquet DIR",
		Short: "Write the store as CSV files for neo4j-admin database import, or as Parquet files for data teams",
		Long: "Write the SQLite store (--db) as the node and relationship CSV files, with header files, of\n" +
			"`neo4j-admin database import full`, and print the command that imports them. The imported graph is\n" +
			"the one the Neo4j store's batched writer builds from the same records; finish.cypher (run once on the\n" +
			"imported database) sets what neo4j-admin cannot express and creates the schema.\n" +
			"deploy/neo4j/import.sh does both for the local Neo4j of deploy/neo4j before its server starts.\n\n" +
			"parquet: entities.parquet, holdings.parquet, control.parquet, designations.parquet (every record as\n" +
			"stored; dates as DATE, shares as DECIMAL(18,6) with each bound's openness) and verdicts.parquet (every\n" +
			"verdict as of --as-of under --regime, clear ones too), for DuckDB, pandas or Spark.",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Export(cmd.Context(), env, config(v), args[0], args[1], opt)
		},
	}
	cmd.Flags().StringVar(&opt.Database, "database", "neo4j", "Neo4j database named in the printed import command")
	regimeFlag(cmd.Flags(), &opt.Regime)
	asOfFlag(cmd.Flags(), &opt.AsOf, "export the verdicts (parquet)")
	return cmd
}
