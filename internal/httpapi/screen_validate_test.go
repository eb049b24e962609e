package httpapi_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// snapshotCounter is the demo store, counting the snapshots (the start of
// every analysis: the streams whose sink keeps records, queries.Analyze's)
// read from it.
type snapshotCounter struct {
	*sqlite.Store
	n atomic.Int64
}

func (c *snapshotCounter) StreamSnapshot(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	if graph.WantsRecords(sink) {
		c.n.Add(1)
	}
	return c.Store.StreamSnapshot(ctx, asOf, sink)
}

// TestScreenUploadValidatedFirst: a screening upload whose CSV is
// malformed after its first rows is refused (400 from the API, an error
// page from the UI form) before any analysis starts: no snapshot is read.
// Before, the whole store was read and analysed, then the upload failed.
func TestScreenUploadValidatedFirst(t *testing.T) {
	st := &snapshotCounter{Store: demoStore(t)}
	ts := serveStore(t, st, nil)
	bad := "name,country\nTundra Mining PLC,GB\nNordvik \"Holdings,CY\n"
	auth := map[string]string{"Content-Type": "text/csv", "Authorization": "Bearer " + token}

	before := st.n.Load()
	resp, b := do(t, "POST", ts.URL+"/api/v1/screen?as_of=2024-01-01", strings.NewReader(bad), auth)
	wantStatus(t, resp, b, 400, "upload.csv")
	if n := st.n.Load() - before; n != 0 {
		t.Errorf("API: %d snapshots read for a malformed upload, want 0", n)
	}

	form, ct := uploadForm(t, "bad.csv", bad, "as_of", "2024-01-01")
	before = st.n.Load()
	resp, b = do(t, "POST", ts.URL+"/screen", form, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + token})
	if resp.StatusCode != 400 || !strings.Contains(string(b), "bad.csv") {
		t.Errorf("UI: status %d, body %.300s; want 400 naming bad.csv", resp.StatusCode, b)
	}
	if n := st.n.Load() - before; n != 0 {
		t.Errorf("UI: %d snapshots read for a malformed upload, want 0", n)
	}

	// The counter sees the analysis of a good upload.
	before = st.n.Load()
	resp, b = do(t, "POST", ts.URL+"/api/v1/screen?as_of=2024-01-01", strings.NewReader(counterparties), auth)
	wantStatus(t, resp, b, 200, "")
	if st.n.Load() == before {
		t.Error("no snapshot read for a good upload: the counter does not see analyses")
	}
}
