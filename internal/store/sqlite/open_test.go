package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// TestOpenWithCache: each connection gets the page cache asked for (serve
// opens with a small one, issue 15 item 2), Open the default, and a
// negative size is refused.
func TestOpenWithCache(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	for _, c := range []struct {
		kib, want int
	}{{0, defaultCacheKiB}, {8 << 10, 8 << 10}} {
		st, err := OpenWith(ctx, path, Options{CacheKiB: c.kib})
		if err != nil {
			t.Fatal(err)
		}
		var got int
		if err := st.db.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&got); err != nil {
			t.Fatal(err)
		}
		st.Close()
		if got != -c.want {
			t.Errorf("CacheKiB %d: cache_size %d, want %d", c.kib, got, -c.want)
		}
	}
	if _, err := OpenWith(ctx, path, Options{CacheKiB: -1}); err == nil {
		t.Error("a negative page cache was accepted")
	}
}
