package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
)

func serveCmd(v *viper.Viper, env cli.Env) *cobra.Command {
	var opt cli.ServeOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the JSON API (OpenAPI at /openapi.json), the web UI and Prometheus metrics",
		Long: "Serve a read-only JSON API, a web UI, /healthz, /readyz and /metrics. Screening uploads need\n" +
			"the bearer token (OWNEX_API_TOKEN, or api-token in ownex.yaml); on a non-loopback address every\n" +
			"route but the probes needs it, and serve refuses to start without one.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opt.Token = v.GetString("api-token")
			opt.CacheAnalyses, opt.MaxAnalyses = v.GetInt("cache-analyses"), v.GetInt("max-analyses")
			if err := limitServeMemory(cmd.Context(), v.GetString("memory-limit")); err != nil {
				return err
			}
			return cli.Serve(cmd.Context(), env, config(v), opt)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opt.Addr, "addr", "127.0.0.1:8080", "listen address")
	f.String("api-token", "", "bearer token (prefer OWNEX_API_TOKEN)")
	f.Int64Var(&opt.MaxUpload, "max-upload", 10<<20, "largest screening upload, in bytes")
	f.DurationVar(&opt.Timeout, "timeout", 60e9, "deadline of each request")
	f.Int("cache-analyses", 4, "whole-store analyses kept in memory, by as-of date (least recently used out)")
	f.Int("max-analyses", 2, "whole-store analyses computed at once, for entity requests and screenings; beyond it the API answers 503 with Retry-After")
	f.String("memory-limit", "auto", "soft limit of the server's memory: auto (what it keeps plus 120 MiB for requests, at least twice what it keeps and 1.5 times what is live), off, or a size such as 2GiB; GOMEMLIMIT overrides")
	return cmd
}
