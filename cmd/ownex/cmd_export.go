package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
)

func exportCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ExportOptions
	cmd := &cobra.Command{
		Use:   "export neo4j-import DIR",
		Short: "Write the store as CSV files for neo4j-admin database import (a first bulk load of Neo4j)",
		Long: "Write the SQLite store (--db) as the node and relationship CSV files, with header files, of\n" +
			"`neo4j-admin database import full`, and print the command that imports them. The imported graph is\n" +
			"the one the Neo4j store's batched writer builds from the same records; finish.cypher (run once on the\n" +
			"imported database) sets what neo4j-admin cannot express and creates the schema.\n" +
			"deploy/neo4j/import.sh does both for the local Neo4j of deploy/neo4j before its server starts.",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cli.Export(cmd.Context(), env, config(v), args[0], args[1], opt)
		},
	}
	cmd.Flags().StringVar(&opt.Database, "database", "neo4j", "Neo4j database named in the printed import command")
	return cmd
}
