package report

import (
	"fmt"
	"io"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// ParquetScreenRow is a row of `screen --format parquet`: one per
// counterparty and regime (the long layout: every counterparty has as
// many rows as regimes screened, an unmatched one too, its verdict
// columns null), where the CSV has one row per counterparty and a group
// of <regime>_ columns per regime. The columns have the CSV's names
// without the <regime>_ prefix, typed (parquet.go): confidence a double
// (null when unmatched), shares DECIMAL(18,6) with their openness for
// every verdict (the CSV leaves them empty for clear and designated; null
// here only without a verdict), the look-through share as min, max and unbounded,
// lists as lists, candidates and possible links as JSON, date a DATE.
type ParquetScreenRow struct {
	Line             int64    `parquet:"line"`
	Ref              string   `parquet:"ref"`
	InputName        string   `parquet:"input_name"`
	InputCountry     string   `parquet:"input_country,optional"`
	InputIdentifiers []string `parquet:"input_identifiers,list"`
	Match            string   `parquet:"match,dict"`
	Method           string   `parquet:"method,optional"`
	Confidence       *float64 `parquet:"confidence,optional"`
	EntityID         string   `parquet:"entity_id,optional"`
	EntityName       string   `parquet:"entity_name,optional"`
	// Candidates is a JSON array of queries.Candidate, null when none.
	Candidates []byte   `parquet:"candidates,optional,json"`
	Problems   []string `parquet:"problems,list"`

	Regime       graph.Regime `parquet:"regime,dict"`
	Status       graph.Status `parquet:"status,optional,dict"`
	ShareMin     *graph.Pct   `parquet:"share_min,decimal(6:18)"`
	ShareMax     *graph.Pct   `parquet:"share_max,decimal(6:18)"`
	ShareMinOpen *bool        `parquet:"share_min_open,optional"`
	ShareMaxOpen *bool        `parquet:"share_max_open,optional"`
	// The look-through share held by the parties designated under the
	// regime, in percent (queries.DesignatedShare), null when not computed.
	LookthroughMin       *float64     `parquet:"lookthrough_min,optional"`
	LookthroughMax       *float64     `parquet:"lookthrough_max,optional"`
	LookthroughUnbounded *bool        `parquet:"lookthrough_unbounded,optional"`
	Flags                []graph.Flag `parquet:"flags,list"`
	Reason               string       `parquet:"reason,optional"`
	// Proof is the proof as the text tree of `ownex explain`.
	Proof              string       `parquet:"proof,optional"`
	PossiblySameAs     []byte       `parquet:"possibly_same_as,optional,json"`
	PossiblyExposedVia []byte       `parquet:"possibly_exposed_via,optional,json"`
	PossibleStatus     graph.Status `parquet:"possible_status,optional"`

	Party        []string `parquet:"party,list"`
	PossiblySame []string `parquet:"possibly_same,list"`
	MatchedName  string   `parquet:"matched_name,optional"`
	Why          string   `parquet:"why,optional"`
	InputDOB     string   `parquet:"input_dob,optional"`
	// Date is the row's date (lookback screening), null without one;
	// StatusToday the status as of the screening's as-of date (the
	// status for a row without a date), null without a verdict.
	Date        *int32       `parquet:"date,date"`
	StatusToday graph.Status `parquet:"status_today,optional"`
}

// ScreenParquet writes a screening as Parquet (ParquetScreenRow), for
// `ownex screen --format parquet`.
type ScreenParquet struct {
	w       *pqWriter[ParquetScreenRow]
	regimes []graph.Regime
}

// NewScreenParquet starts a screening in Parquet with the rows of
// meta.Regimes.
func NewScreenParquet(w io.Writer, meta ScreenMeta) *ScreenParquet {
	return &ScreenParquet{w: newPQWriter[ParquetScreenRow](w, "screening"), regimes: meta.Regimes}
}

// WriteRow writes one counterparty's rows, one per regime.
func (p *ScreenParquet) WriteRow(row queries.ScreenRow) error {
	in, m := &row.Input, &row.Match
	base := ParquetScreenRow{Line: int64(in.Line), Ref: in.Ref, InputName: in.Name, InputCountry: in.Country,
		Match: string(m.Status), Method: m.Method, EntityID: m.Entity, EntityName: m.Name, Problems: in.Problems,
		Party: m.Party, PossiblySame: m.PossiblySame, MatchedName: MatchedName(m), Why: MatchWhy(m), InputDOB: in.BirthDate}
	for _, id := range in.Identifiers {
		base.InputIdentifiers = append(base.InputIdentifiers, id.String())
	}
	if m.Status != queries.MatchUnmatched || m.Confidence > 0 {
		c := m.Confidence
		base.Confidence = &c
	}
	var err error
	if base.Candidates, err = pqJSON(m.Candidates); err != nil {
		return err
	}
	if base.Date, err = pqDate(in.Date); err != nil {
		return fmt.Errorf("line %d: date: %w", in.Line, err)
	}
	for _, r := range p.regimes {
		out := base
		out.Regime = r
		out.StatusToday = StatusToday(&row, r)
		if v := rowVerdict(&row, r); v != nil {
			if err := fillScreenVerdict(&out, v); err != nil {
				return err
			}
		}
		if err := p.w.add(out); err != nil {
			return err
		}
	}
	return nil
}

// fillScreenVerdict sets out's verdict columns from v.
func fillScreenVerdict(out *ParquetScreenRow, v *queries.RowVerdict) error {
	lo, hi, loOpen, hiOpen := v.Share.Lo, v.Share.Hi, v.Share.LoOpen, v.Share.HiOpen
	out.Status, out.Flags, out.Reason, out.PossibleStatus = v.Status, v.Flags, v.Reason, v.PossibleStatus
	out.ShareMin, out.ShareMax, out.ShareMinOpen, out.ShareMaxOpen = &lo, &hi, &loOpen, &hiOpen
	if d := v.LookThrough; d != nil {
		mn, mx, unb := d.Min, d.Max, d.Unbounded
		out.LookthroughMin, out.LookthroughMax, out.LookthroughUnbounded = &mn, &mx, &unb
	}
	if v.Proof != nil {
		out.Proof = ProofText(v.Proof)
	}
	var err error
	if out.PossiblySameAs, err = pqJSON(v.PossiblySameAs); err != nil {
		return err
	}
	out.PossiblyExposedVia, err = pqJSON(v.PossiblyExposedVia)
	return err
}

// Close writes the buffered rows and the file's footer.
func (p *ScreenParquet) Close(queries.ScreenStats) error { return p.w.Close() }
