package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ownex/ownex/graph"
)

// SinceLoad reads the start of a change feed (`ownex changes --since`,
// /api/v1/changes?since=): a load id, or a date YYYY-MM-DD, the first load
// started on or after it (UTC), past the last load when none was. An
// argument that is neither is an error naming it.
func SinceLoad(ctx context.Context, st graph.Reader, arg string) (int64, error) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	d, err := graph.ParseDate(arg)
	if err != nil || d == "" {
		return 0, &BadSinceError{Arg: arg}
	}
	loads, err := st.Loads(ctx)
	if err != nil {
		return 0, fmt.Errorf("read the load log: %w", err)
	}
	next := int64(1)
	for _, l := range loads {
		if graph.Date(l.Started.UTC().Format(graph.DateLayout)) >= d {
			return l.ID, nil
		}
		next = l.ID + 1
	}
	return next, nil
}

// BadSinceError is SinceLoad's error for an argument that is neither a
// load id nor a date.
type BadSinceError struct{ Arg string }

func (e *BadSinceError) Error() string {
	return fmt.Sprintf("since %q: want a load id or a date YYYY-MM-DD", e.Arg)
}

// KeptState is a verdict as a kept change report line states it, decoded
// without its share numbers (graph.Pct refuses shares above 100 %, which
// an over-allocated verdict may count): the status, the counted share
// range as text, the flags.
type KeptState struct {
	Status     graph.Status `json:"status"`
	ShareRange string       `json:"share_range"`
	Flags      []graph.Flag `json:"flags"`
}

// KeptLine is what the readers of kept change reports use of a line (the
// report's JSON line, graph.ChangeEntry.Line).
type KeptLine struct {
	Load   int64        `json:"load"`
	Regime graph.Regime `json:"regime"`
	Change string       `json:"change"`
	ID     string       `json:"id"`
	Name   string       `json:"name"`
	Before KeptState    `json:"before"`
	After  KeptState    `json:"after"`
	Causes []struct {
		Text string `json:"text"`
	} `json:"causes"`
}

// DecodeKept decodes a kept line.
func DecodeKept(e graph.ChangeEntry) (KeptLine, error) {
	var l KeptLine
	if err := json.Unmarshal(e.Line, &l); err != nil {
		return l, fmt.Errorf("change %d of load %d: %w", e.Seq, e.Load, err)
	}
	return l, nil
}
