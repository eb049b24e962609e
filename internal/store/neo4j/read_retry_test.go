package neo4j_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
)

// TestReadRetryNeverRepeatsRows: a transient error after rows were handed
// over ends the read with that error; the driver's retry would hand the
// rows over twice. A transient error before any row is retried as before.
func TestReadRetryNeverRepeatsRows(t *testing.T) {
	st := neo4jtest.Open(t)
	ctx := context.Background()
	for _, c := range []struct {
		name      string
		failAt    int // the row whose delivery fails once (0: before any)
		wantRows  []int64
		wantError bool
	}{
		{"after a row", 2, []int64{1, 2}, true},
		{"no failure", -1, []int64{1, 2, 3}, false},
	} {
		var got []int64
		failed := false
		err := st.ReadForTest(ctx, `UNWIND range(1, 3) AS x RETURN x`, nil, func(r *driver.Record) error {
			x, _ := r.Values[0].(int64)
			got = append(got, x)
			if int(x) == c.failAt && !failed {
				failed = true
				return &driver.ConnectivityError{Inner: errors.New("injected")} // retryable
			}
			return nil
		})
		if (err != nil) != c.wantError || !slices.Equal(got, c.wantRows) {
			t.Errorf("%s: rows %v, err %v; want %v, error %v", c.name, got, err, c.wantRows, c.wantError)
		}
		if c.wantError && (err == nil || !strings.Contains(err.Error(), "not run again") || !strings.Contains(err.Error(), "injected")) {
			t.Errorf("%s: error %v does not say why", c.name, err)
		}
	}
}
