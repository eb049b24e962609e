package cli

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeString writes s to out through writeOutput.
func writeString(ctx context.Context, out, s string) error {
	_, err := writeOutput(ctx, Env{}, out, func(w io.Writer) (struct{}, error) {
		_, err := io.WriteString(w, s)
		return struct{}{}, err
	})
	return err
}

// tempFiles lists the temporary files writeOutput left in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOutFollowsSymlink: --out on a symlink (relative, across folders)
// replaces the link's target; the link stays a link, and no temporary file
// is left in either folder.
func TestOutFollowsSymlink(t *testing.T) {
	root := t.TempDir()
	data, links := filepath.Join(root, "data"), filepath.Join(root, "links")
	for _, d := range []string{data, links} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(data, "verdicts.csv")
	if err := os.WriteFile(target, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(links, "out.csv")
	if err := os.Symlink("../data/verdicts.csv", link); err != nil {
		t.Fatal(err)
	}
	// A chain: link2 -> link -> target.
	link2 := filepath.Join(root, "out2.csv")
	if err := os.Symlink(link, link2); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{link, link2} {
		if err := writeString(context.Background(), out, "new via "+out); err != nil {
			t.Fatalf("write %s: %v", out, err)
		}
		for _, l := range []string{link, link2} {
			fi, err := os.Lstat(l)
			if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Fatalf("%s is no longer a symlink (%v, %v)", l, fi.Mode(), err)
			}
		}
		if got := readFile(t, target); got != "new via "+out {
			t.Errorf("target = %q after writing %s", got, out)
		}
		for _, d := range []string{root, data, links} {
			if m := tempFiles(t, d); len(m) > 0 {
				t.Errorf("temporary files left: %v", m)
			}
		}
	}

	// A dangling link: its target is created.
	dangling := filepath.Join(links, "new.csv")
	if err := os.Symlink("../data/new.csv", dangling); err != nil {
		t.Fatal(err)
	}
	if err := writeString(context.Background(), dangling, "fresh"); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(data, "new.csv")); got != "fresh" {
		t.Errorf("dangling link's target = %q", got)
	}
}

// TestOutRefusesSpecialFiles: a FIFO, a device (behind a symlink, so the
// old code could only have replaced the link, never the device) and a
// directory are refused with an error naming what they are, and left as
// they were.
func TestOutRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		out, want string
		mode      fs.FileMode
	}{
		{fifo, "is a named pipe (FIFO), not a regular file", fs.ModeNamedPipe},
		{sub, "is a directory", fs.ModeDir},
	}
	// The device case only when /dev/full is one: on a broken /dev the
	// test must not be the thing that writes it.
	if fi, err := os.Lstat("/dev/full"); err == nil && fi.Mode()&fs.ModeCharDevice != 0 {
		dev := filepath.Join(dir, "full")
		if err := os.Symlink("/dev/full", dev); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct {
			out, want string
			mode      fs.FileMode
		}{dev, "/dev/full (the target of " + dev + ") is a character device", fs.ModeSymlink})
	} else {
		t.Log("/dev/full is not a character device here: device case left out")
	}
	for _, tt := range tests {
		err := writeString(context.Background(), tt.out, "x")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("write %s: err = %v, want it to say %q", tt.out, err, tt.want)
		}
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("write %s: %T is not a usage error (exit 2)", tt.out, err)
		}
		fi, lerr := os.Lstat(tt.out)
		if lerr != nil || fi.Mode().Type() != tt.mode {
			t.Errorf("%s changed: mode %v, err %v", tt.out, fi.Mode(), lerr)
		}
	}
	if m := tempFiles(t, dir); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

// TestOutModeUmask: the file is created with 0644 minus the umask (the
// temporary file used to keep os.CreateTemp's 0600). Not parallel: the
// umask is the process's.
func TestOutModeUmask(t *testing.T) {
	for _, tt := range []struct{ umask, want int }{{0o022, 0o644}, {0o027, 0o640}, {0o077, 0o600}} {
		old := syscall.Umask(tt.umask)
		out := filepath.Join(t.TempDir(), "out.csv")
		err := writeString(context.Background(), out, "x")
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != fs.FileMode(tt.want) {
			t.Errorf("umask %04o: mode %04o, want %04o", tt.umask, got, tt.want)
		}
	}
}

// TestOutCancelled: when the context is cancelled while writing, the
// temporary file is removed at once and the old file stays.
func TestOutCancelled(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err := writeOutput(ctx, Env{}, out, func(w io.Writer) (struct{}, error) {
		io.WriteString(w, "partial")
		if len(tempFiles(t, dir)) != 1 {
			t.Error("no temporary file while writing")
		}
		cancel()
		// Removal runs in context.AfterFunc's goroutine: wait for it.
		deadline := time.Now().Add(2 * time.Second)
		for len(tempFiles(t, dir)) > 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if m := tempFiles(t, dir); len(m) > 0 {
			t.Errorf("temporary file not removed on cancel: %v", m)
		}
		return struct{}{}, nil // a writer that ignores the context
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if got := readFile(t, out); got != "old" {
		t.Errorf("out = %q, want the old content", got)
	}
}

// TestOutSignal: a real SIGINT or SIGTERM to a process writing --out (set
// up as cmd/ownex does, signal.NotifyContext) leaves no temporary file and
// no output. The process is this test binary, re-run as the helper below.
func TestOutSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := t.TempDir()
		out := filepath.Join(dir, "out.csv")
		cmd := exec.Command(os.Args[0], "-test.run=^TestOutSignalHelper$")
		cmd.Env = append(os.Environ(), "OWNEX_OUTFILE_HELPER="+out)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || line != "writing\n" {
			cmd.Process.Kill()
			t.Fatalf("helper said %q, %v", line, err)
		}
		if len(tempFiles(t, dir)) != 1 {
			t.Errorf("%v: no temporary file while writing", sig)
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		go io.Copy(io.Discard, stdout)
		_ = cmd.Wait()
		if m := tempFiles(t, dir); len(m) > 0 {
			t.Errorf("%v: temporary files left: %v", sig, m)
		}
		if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%v: %s written although interrupted (%v)", sig, out, err)
		}
	}
}

// TestOutSignalHelper is TestOutSignal's writing process: it writes part
// of the output, says so, and waits for the signal.
func TestOutSignalHelper(t *testing.T) {
	out := os.Getenv("OWNEX_OUTFILE_HELPER")
	if out == "" {
		return // run by TestOutSignal only
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := writeString2(ctx, out)
	if err == nil {
		os.Exit(0)
	}
	os.Exit(1)
}

func writeString2(ctx context.Context, out string) error {
	_, err := writeOutput(ctx, Env{}, out, func(w io.Writer) (struct{}, error) {
		io.WriteString(w, "partial")
		os.Stdout.WriteString("writing\n")
		<-ctx.Done()
		return struct{}{}, nil
	})
	return err
}

// TestOutRefusedBeforeWork: analyze, screen, report and resolve refuse an
// --out (--review) they could not write before they open the store or
// read the input, not after a long analysis.
func TestOutRefusedBeforeWork(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// A store that cannot be opened: reaching it would fail differently.
	cfg := Config{DB: filepath.Join(dir, "no", "such", "dir", "ownex.db")}
	env := Env{Stdout: io.Discard, Stderr: io.Discard}
	ctx := context.Background()
	for name, run := range map[string]func() error{
		"analyze": func() error { return Analyze(ctx, env, cfg, AnalyzeOptions{Format: "csv", Out: fifo}) },
		"screen": func() error {
			return Screen(ctx, env, cfg, filepath.Join(dir, "missing.csv"), ScreenOptions{Format: "csv", Out: fifo})
		},
		"report":  func() error { return Report(ctx, env, cfg, ReportOptions{Format: "html", Out: fifo}) },
		"resolve": func() error { return Resolve(ctx, env, cfg, ResolveOptions{Review: fifo}) },
	} {
		err := run()
		if err == nil || !strings.Contains(err.Error(), "named pipe (FIFO)") || ExitCode(err) != 2 {
			t.Errorf("%s: err %v (exit %d), want the FIFO refused with exit 2", name, err, ExitCode(err))
		}
	}
}
