package httpapi

import (
	"net/http"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// timelineBody is the response of GET /api/v1/entities/{id}/timeline:
// the entity and its intervals, regime after regime (queries.Interval's
// JSON form, the lines of `ownex timeline --format jsonl`).
type timelineBody struct {
	ID        string             `json:"id"`
	Name      string             `json:"name"`
	Intervals []queries.Interval `json:"intervals"`
}

// timelineOptions reads the regime, from and to query parameters.
func timelineOptions(r *http.Request) (queries.TimelineOptions, error) {
	regs, err := regimes(r)
	if err != nil {
		return queries.TimelineOptions{}, err
	}
	opt := queries.TimelineOptions{Regimes: regs}
	for _, p := range []struct {
		name string
		d    *graph.Date
	}{{"from", &opt.From}, {"to", &opt.To}} {
		v := r.URL.Query().Get(p.name)
		if *p.d, err = graph.ParseDate(v); err != nil {
			return opt, badf("%s: %q is not a date: want YYYY-MM-DD", p.name, v)
		}
	}
	if opt.From != "" && opt.To != "" && opt.To <= opt.From {
		return opt, badf("to: %s is not after from %s", opt.To, opt.From)
	}
	return opt, nil
}

// entityTimeline is the timeline of the entity of the request's path.
func (s *Server) entityTimeline(r *http.Request) (timelineBody, error) {
	opt, err := timelineOptions(r)
	if err != nil {
		return timelineBody{}, err
	}
	id := r.PathValue("id")
	ent, ivs, err := queries.EntityTimeline(r.Context(), s.st, id, opt)
	if err != nil {
		return timelineBody{}, s.entityErr(id, err)
	}
	if ivs == nil {
		ivs = []queries.Interval{}
	}
	return timelineBody{ID: ent.ID, Name: ent.Name, Intervals: ivs}, nil
}

func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	body, err := s.entityTimeline(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, body)
}
