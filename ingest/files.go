package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ExpandFiles turns command-line arguments into a list of files: a file is
// kept as is, a folder becomes every file directly in it whose name ends in
// "."+ext (case-insensitive), sorted by name. A missing path, or a folder
// holding no such file, is an error. A file named twice is kept once.
func ExpandFiles(args []string, ext string) ([]string, error) {
	if len(args) == 0 {
		return nil, errors.New("no input files given")
	}
	suffix := "." + strings.ToLower(strings.TrimPrefix(ext, "."))
	var out []string
	seen := make(map[string]bool)
	add := func(p string) {
		k := filepath.Clean(p)
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file or folder", arg)
			}
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		if !st.IsDir() {
			add(arg)
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		var names []string
		for _, e := range entries {
			if e.Type().IsRegular() && strings.HasSuffix(strings.ToLower(e.Name()), suffix) {
				names = append(names, e.Name())
			}
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("%s: folder holds no *%s file", arg, suffix)
		}
		sort.Strings(names)
		for _, n := range names {
			add(filepath.Join(arg, n))
		}
	}
	return out, nil
}
