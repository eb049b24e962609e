package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/queries"
)

// ServeOptions are the flags of `ownex serve`.
type ServeOptions struct {
	Addr string // listen address (default 127.0.0.1:8080)
	// Token is the bearer token (--api-token, OWNEX_API_TOKEN or
	// api-token in ownex.yaml). Required on a non-loopback address.
	Token     string
	MaxUpload int64         // bytes (0: 10 MiB)
	Timeout   time.Duration // per request (0: 60 s)
	// CacheAnalyses is the number of whole-store analyses kept, by as-of
	// date (--cache-analyses or cache-analyses in ownex.yaml; 0: 4).
	CacheAnalyses int
	// MaxAnalyses is the number of whole-store analyses computed at once,
	// for entity requests and screenings (--max-analyses or max-analyses
	// in ownex.yaml; 0: 2); beyond it the API answers 503 with
	// Retry-After.
	MaxAnalyses int
	// Ready, if set, receives the bound address once the server listens
	// (tests use port 0).
	Ready func(addr string)
}

// serveCacheKiB is the page cache of each of serve's SQLite connections:
// a server keeps several open at once, each of the default 64 MiB would
// hold pages the operating system's file cache holds anyway. With 8 MiB
// the explain of a 100,000-company chain at an uncached date takes as
// long and its server ~35 MB less (docs/reliability/proofs.md).
const serveCacheKiB = 8 << 10

// IsLoopback reports whether addr (host:port) listens on loopback only.
// An empty host (":8080") listens everywhere and is not loopback.
func IsLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, Usagef("--addr %q: %v", addr, err)
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

// Serve runs the HTTP API and web UI until ctx is cancelled, then shuts
// down gracefully (in-flight requests get 15 seconds).
func Serve(ctx context.Context, env Env, cfg Config, opt ServeOptions) error {
	if opt.Addr == "" {
		opt.Addr = "127.0.0.1:8080"
	}
	loopback, err := IsLoopback(opt.Addr)
	if err != nil {
		return err
	}
	if !loopback && opt.Token == "" {
		return Usagef("--addr %s is not a loopback address: set a bearer token (OWNEX_API_TOKEN or api-token in the config file)", opt.Addr)
	}
	if opt.MaxUpload < 0 || opt.Timeout < 0 {
		return Usagef("--max-upload and --timeout must be positive")
	}
	if opt.CacheAnalyses < 0 || opt.MaxAnalyses < 0 {
		return Usagef("--cache-analyses and --max-analyses must be positive")
	}
	if cfg.SQLiteCacheKiB == 0 {
		cfg.SQLiteCacheKiB = serveCacheKiB
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(errOut(env), nil))
	srv, err := httpapi.New(ctx, st, httpapi.Options{
		Token: opt.Token, RequireToken: !loopback, MaxUpload: opt.MaxUpload, RequestTimeout: opt.Timeout, Logger: log,
		CacheSize: opt.CacheAnalyses, MaxAnalyses: opt.MaxAnalyses,
		Analyze: func(ctx context.Context, asOf graph.Date) (a *queries.Analysis, err error) {
			// From the snapshot cache when it is that of the store's state.
			err = fromSnapshot(ctx, env, cfg, st, func(src snapshotSource) error {
				a, err = queries.Analyze(ctx, src, asOf, graph.Engines)
				return err
			})
			return a, err
		},
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	hsrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", opt.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opt.Addr, err)
	}
	fmt.Fprintf(env.Stdout, "ownex serve: listening on http://%s (uploads %s)\n", ln.Addr(), map[bool]string{true: "need the bearer token", false: "disabled: no token"}[opt.Token != ""])
	if opt.Ready != nil {
		opt.Ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hsrv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hsrv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
