package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// Output files (--out) are safe (issue 15):
//   - atomic: written to a temporary file in the destination's folder and
//     renamed over it only when the whole output was written, so a failed
//     run leaves the old file (or none);
//   - a symlink is followed: its final target is replaced (atomically, the
//     temporary file in the target's folder); the link itself stays;
//   - an existing destination that is not a regular file (FIFO, device,
//     socket, directory) is refused with an error naming what it is,
//     never replaced;
//   - the file is created with mode 0644 minus the umask;
//   - when ctx is cancelled (SIGINT or SIGTERM: cmd/ownex cancels the
//     command's context on both) the temporary file is removed at once and
//     nothing is renamed.

// writeOutput runs write on out (atomically, as above) or, when out is
// empty, on stdout.
func writeOutput[T any](ctx context.Context, env Env, out string, write func(io.Writer) (T, error)) (T, error) {
	if out == "" {
		return write(env.Stdout)
	}
	var zero T
	f, err := createAtomic(out)
	if err != nil {
		return zero, err
	}
	stop := context.AfterFunc(ctx, f.Discard)
	defer stop()
	v, err := write(f)
	if cerr := ctx.Err(); cerr != nil {
		f.Discard()
		return zero, fmt.Errorf("write %s: interrupted, file left unchanged: %w", out, cerr)
	}
	if err != nil {
		f.Discard()
		return v, err
	}
	return v, f.Commit()
}

// checkOutput refuses, before any work is done, an --out that writeOutput
// would refuse (a non-regular file, too many links); empty out is stdout.
func checkOutput(out string) error {
	if out == "" {
		return nil
	}
	_, err := outputTarget(out)
	return err
}

// maxLinks bounds the symlinks followed from an --out path.
const maxLinks = 40

// outputTarget returns the file that writing path replaces: path, or the
// final target of the symlink path (which need not exist yet). It refuses
// an existing file that is not a regular file.
func outputTarget(path string) (string, error) {
	p := path
	for range maxLinks {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", fmt.Errorf("--out %s: %w", path, err)
		}
		m := fi.Mode()
		switch {
		case m.IsRegular():
			return p, nil
		case m&fs.ModeSymlink != 0:
			t, err := os.Readlink(p)
			if err != nil {
				return "", fmt.Errorf("--out %s: %w", path, err)
			}
			if !filepath.IsAbs(t) {
				t = filepath.Join(filepath.Dir(p), t)
			}
			p = t
		default:
			where := p
			if p != path {
				where = fmt.Sprintf("%s (the target of %s)", p, path)
			}
			return "", Usagef("--out %s is %s, not a regular file: refusing to replace it (leave out --out to write to standard output)",
				where, fileKind(m))
		}
	}
	return "", Usagef("--out %s: more than %d symbolic links", path, maxLinks)
}

// fileKind names the type of a file that is not regular.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file (" + m.Type().String() + ")"
}

// atomicFile writes to a temporary file beside its target and renames it
// over the target on Commit. Discard (idempotent, safe from another
// goroutine) closes and removes the temporary file; after it, writes fail
// and Commit does nothing but report the failure.
type atomicFile struct {
	*os.File
	path   string // as given
	target string // the file replaced (outputTarget)

	mu   sync.Mutex
	done bool
}

func createAtomic(path string) (*atomicFile, error) {
	target, err := outputTarget(path)
	if err != nil {
		return nil, err
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	for range 1000 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(uint64(rand.Uint32()), 10)+".tmp")
		// The kernel applies the umask to 0644.
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		return &atomicFile{File: f, path: path, target: target}, nil
	}
	return nil, fmt.Errorf("create %s: no free temporary name in %s", path, dir)
}

// Commit closes the temporary file and renames it over the target.
func (a *atomicFile) Commit() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.done {
		return fmt.Errorf("write %s: output discarded", a.path)
	}
	a.done = true
	if err := a.File.Close(); err != nil {
		os.Remove(a.File.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(a.File.Name(), a.target); err != nil {
		os.Remove(a.File.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// Discard closes and removes the temporary file, unless committed.
func (a *atomicFile) Discard() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.done {
		return
	}
	a.done = true
	a.File.Close()
	os.Remove(a.File.Name())
}
