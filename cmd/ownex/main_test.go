package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/spf13/viper"

	"github.com/ownex/ownex/internal/cli"
)

// resolved parses args for the analyze command like main does and returns
// the configuration that the command would receive.
func resolved(t *testing.T, args ...string) cli.Config {
	t.Helper()
	v := viper.New()
	root := newRoot(v, cli.Env{})
	cmd, _, err := root.Find([]string{"analyze"})
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	if err := loadConfig(v, cmd); err != nil {
		t.Fatal(err)
	}
	return config(v)
}

// TestConfigPrecedence: flags win over OWNEX_* variables, which win over
// ownex.yaml, which wins over the defaults.
func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if got := resolved(t).DB; got != "ownex.db" {
		t.Fatalf("default db %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "ownex.yaml"), []byte("db: file.db\nneo4j-user: fileuser\nbatch-size: 77\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := resolved(t); got.DB != "file.db" || got.Neo4jUser != "fileuser" || got.BatchSize != 77 {
		t.Fatalf("from file: %+v", got)
	}
	t.Setenv("OWNEX_DB", "env.db")
	t.Setenv("OWNEX_NEO4J_PASSWORD", "secret")
	if got := resolved(t); got.DB != "env.db" || got.Neo4jPassword != "secret" || got.Neo4jUser != "fileuser" {
		t.Fatalf("from env: %+v", got)
	}
	if got := resolved(t, "--db", "flag.db"); got.DB != "flag.db" {
		t.Fatalf("from flag: %+v", got)
	}
}

func TestExitCodes(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx := context.Background()
	if err := run(ctx, []string{"frobnicate"}); cli.ExitCode(err) != 2 {
		t.Errorf("unknown command: %v", err)
	}
	if err := run(ctx, []string{"analyze", "--no-such-flag"}); cli.ExitCode(err) != 2 {
		t.Errorf("unknown flag: %v", err)
	}
	if err := run(ctx, []string{"explain"}); cli.ExitCode(err) != 2 {
		t.Errorf("missing argument: %v", err)
	}
	if err := run(ctx, []string{"--config", "missing.yaml", "analyze"}); cli.ExitCode(err) != 2 {
		t.Errorf("missing config file: %v", err)
	}
	err := run(ctx, []string{"--batch-size", "-5", "analyze"})
	if cli.ExitCode(err) != 2 || err == nil || !strings.Contains(err.Error(), "--batch-size") {
		t.Errorf("negative batch size: %v", err)
	}
	if _, statErr := os.Stat("ownex.db"); statErr == nil {
		t.Error("a refused command created ownex.db")
	}
}

// TestBinaryNamedOwnexIsNotConfig: a file called "ownex" (the binary) in the
// working folder is not read as the configuration.
func TestBinaryNamedOwnexIsNotConfig(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(filepath.Join(dir, "ownex"), []byte("\x7fELF\x02\x01\x01\x00binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := resolved(t).DB; got != "ownex.db" {
		t.Fatalf("db %q", got)
	}
}

// TestExplainMemoryLimit: `ownex explain` sets the soft memory limit of
// memlimit.go, and leaves the one GOMEMLIMIT sets alone.
func TestExplainMemoryLimit(t *testing.T) {
	t.Chdir(t.TempDir())
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, env := range []string{"", "300MiB"} {
		want := int64(explainMemoryLimit)
		if env != "" {
			t.Setenv("GOMEMLIMIT", env)
			want = 123 << 20 // as if the runtime had read it
		}
		debug.SetMemoryLimit(123 << 20)
		err := run(context.Background(), []string{"explain", "--db", "missing.db", "nobody"})
		if err == nil {
			t.Fatal("explain of an empty store succeeded")
		}
		if got := debug.SetMemoryLimit(-1); got != want {
			t.Errorf("GOMEMLIMIT=%q: limit %d after explain, want %d", env, got, want)
		}
	}
}

// TestConfigNumbers: a number or a duration from OWNEX_* or ownex.yaml
// that does not parse stops the command with exit status 2 naming the
// setting, rather than reading as 0 (the default batch size, no progress
// lines); a good one reaches the configuration.
func TestConfigNumbers(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, env, value, yaml string
		args                   []string
		want                   string // in the error
	}{
		{name: "batch size word in env", env: "OWNEX_BATCH_SIZE", value: "lots", want: "batch-size"},
		{name: "batch size word in file", yaml: "batch-size: lots\n", want: "batch-size"},
		{name: "max analyses word in env", env: "OWNEX_MAX_ANALYSES", value: "two", want: "max-analyses"},
		{name: "duration without unit", env: "OWNEX_PROGRESS_EVERY", value: "30", want: "progress-every"},
		{name: "negative duration", env: "OWNEX_PROGRESS_EVERY", value: "-1s", want: "progress-every"},
		{name: "duration word in file", yaml: "progress-every: soon\n", want: "progress-every"},
		{name: "number in file", yaml: "progress-every: 30\n", want: "progress-every"},
		{name: "negative flag", args: []string{"--progress-every", "-5s"}, want: "progress-every"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if tc.env != "" {
				t.Setenv(tc.env, tc.value)
			}
			if tc.yaml != "" {
				if err := os.WriteFile(filepath.Join(dir, "ownex.yaml"), []byte(tc.yaml), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := run(ctx, append(tc.args, "analyze"))
			if cli.ExitCode(err) != 2 || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v (exit %d), want exit 2 naming %s", err, cli.ExitCode(err), tc.want)
			}
			if _, statErr := os.Stat("ownex.db"); statErr == nil {
				t.Error("a refused command created ownex.db")
			}
		})
	}

	t.Chdir(t.TempDir())
	if got := resolved(t).ProgressEvery; got != cli.DefaultProgressEvery {
		t.Errorf("default progress-every %v, want %v", got, cli.DefaultProgressEvery)
	}
	if got := resolved(t, "--progress-every", "0").ProgressEvery; got != 0 {
		t.Errorf("--progress-every 0: %v", got)
	}
	t.Setenv("OWNEX_PROGRESS_EVERY", "2m")
	if got := resolved(t).ProgressEvery; got != 2*time.Minute {
		t.Errorf("OWNEX_PROGRESS_EVERY=2m: %v", got)
	}
}
