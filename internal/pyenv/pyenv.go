package pyenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Python returns an interpreter that imports module. Without one the
// test is skipped with a message naming Python and module (which
// internal/tools/skipcheck counts as a skip of the real thing), unless
// CI=true: then it fails.
func Python(tb testing.TB, module string) string {
	tb.Helper()
	py, from := os.Getenv("OWNEX_PYTHON"), "OWNEX_PYTHON"
	if py == "" {
		home, _ := os.UserHomeDir()
		py, from = filepath.Join(home, ".cache", "ownex", "venv", "bin", "python"), "the default venv"
	}
	out, err := exec.Command(py, "-c", "import "+module+"; print("+module+".__version__)").CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("no Python with %s: %s is %s (%v: %s); run `bash deploy/python/setup.sh` "+
			"or set OWNEX_PYTHON to a python that imports %s", module, from, py, err, strings.TrimSpace(string(out)), module)
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg + " (CI=true: failing instead of skipping)")
		}
		tb.Skip(msg)
	}
	return py
}
