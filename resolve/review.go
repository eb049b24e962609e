package resolve

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
)

// Review strengths: what a row of the review file is.
const (
	ReviewPossible = "possible" // a possible link (stored as such)
	ReviewVetoed   = "vetoed"   // a link that a conflicting attribute prevented
	ReviewBelow    = "review"   // a name match below the threshold, or of different units
)

// Candidate is a row of the review file: a pair a person may confirm or
// reject.
type Candidate struct {
	A, B           string
	NamesA, NamesB string // the best-matching names (the entity names for an identifier)
	Score          float64
	Strength       string // ReviewPossible, ReviewVetoed or ReviewBelow
	Evidence       string
}

// ReviewHeader is the header of the review file. A person fills the
// accept column (AcceptValues) and gives the file back to `ownex resolve
// --accept`.
var ReviewHeader = []string{"a", "a_name", "b", "b_name", "score", "strength", "evidence", "accept"}

// WriteReviewCSV writes candidates as CSV with ReviewHeader (score with 3
// decimals, accept empty).
func WriteReviewCSV(w io.Writer, c []Candidate) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ReviewHeader); err != nil {
		return err
	}
	for _, x := range c {
		if err := cw.Write([]string{x.A, x.NamesA, x.B, x.NamesB, strconv.FormatFloat(x.Score, 'f', 3, 64),
			x.Strength, x.Evidence, ""}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Accept cell values, compared case-insensitively after trimming: a row
// is confirmed, rejected, or (empty cell) left undecided.
var (
	AcceptYes = []string{"yes", "y", "true", "1", "x"}
	AcceptNo  = []string{"no", "n", "false", "0", "reject"}
)

// Decision is a person's decision on a pair: Confirm true (the two are
// one party) or false (they are different parties). Where says where it
// was taken ("review.csv:12", "command line").
type Decision struct {
	A, B    string
	Confirm bool
	Where   string
}

// ErrReview is wrapped by the errors of ReadReview about the file's
// content (a missing column, an unknown accept value, a row without
// ids): bad input, as opposed to a failure to read.
var ErrReview = errors.New("bad review file")

// ReadReview reads a review file (the columns a, b and accept, found by
// name in the header; others are ignored) and returns the decisions of
// its rows whose accept cell is not empty, in file order. name is the
// file's name for messages ("review.csv:12: ..."). An accept value that
// is neither in AcceptYes nor in AcceptNo, an empty id or a pair of one
// id is an error wrapping ErrReview: nothing is returned then.
func ReadReview(r io.Reader, name string) ([]Decision, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w: empty file, want the header %s", name, ErrReview, strings.Join(ReviewHeader, ","))
	}
	if err != nil {
		return nil, readErr(name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, c := range []string{"a", "b", "accept"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s:1: %w: no %q column (want the header %s)", name, ErrReview, c, strings.Join(ReviewHeader, ","))
		}
	}
	cell := func(row []string, c string) string {
		if i := col[c]; i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var out []Decision
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, readErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		where := fmt.Sprintf("%s:%d", name, line)
		v := strings.ToLower(cell(row, "accept"))
		if v == "" {
			continue
		}
		var confirm bool
		switch {
		case contains(AcceptYes, v):
			confirm = true
		case contains(AcceptNo, v):
		default:
			return nil, fmt.Errorf("%s: %w: accept %q: want %s to confirm, %s to reject, or nothing",
				where, ErrReview, cell(row, "accept"), strings.Join(AcceptYes, "/"), strings.Join(AcceptNo, "/"))
		}
		a, b := cell(row, "a"), cell(row, "b")
		switch {
		case a == "" || b == "":
			return nil, fmt.Errorf("%s: %w: a decision needs the two ids a and b", where, ErrReview)
		case a == b:
			return nil, fmt.Errorf("%s: %w: a and b are the same record %s", where, ErrReview, a)
		}
		out = append(out, Decision{A: a, B: b, Confirm: confirm, Where: where})
	}
}

// readErr wraps a CSV syntax error in ErrReview; other errors are
// failures to read.
func readErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w: %w", name, ErrReview, err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// Link returns the same-as link that stores d, decided by by at at:
// Method graph.MethodConfirmed and Strength strong, or MethodRejected and
// StrengthRejected; Score 1; Evidence "confirmed by alice at
// 2026-12-06T21:00:00Z (review.csv:12)"; Provenance Source
// graph.SourceReview (so that a re-run of resolve never replaces it, and
// a later decision on the pair replaces this one: SameAs.Key), Record
// "alice 2026-12-06T21:00:00Z".
func (d Decision) Link(by string, at time.Time) graph.SameAs {
	method, strength, verb := graph.MethodConfirmed, graph.StrengthStrong, "confirmed"
	if !d.Confirm {
		method, strength, verb = graph.MethodRejected, graph.StrengthRejected, "rejected"
	}
	when := at.UTC().Format(time.RFC3339)
	ev := verb + " by " + by + " at " + when
	if d.Where != "" {
		ev += " (" + d.Where + ")"
	}
	p := pairOf(d.A, d.B)
	return graph.SameAs{A: p[0], B: p[1], Method: method, Score: 1, Strength: strength, Evidence: ev,
		Provenance: graph.Provenance{Source: graph.SourceReview, Record: by + " " + when}}
}
