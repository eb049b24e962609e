package report

import (
	"io"

	"github.com/ownex/ownex/graph"
)

// ParquetVerdict is the Parquet row of one (entity, regime) verdict
// (`analyze --format parquet`, `export parquet`'s verdicts.parquet): the
// fields of Record under the same names, typed (parquet.go), with each
// bound's openness in share_min_open, share_max_open, votes_min_open and
// votes_max_open. Record's share_range and votes_range (the same ranges
// as text) are left out: the typed bounds and their openness are them.
// The possible links are JSON (the JSON logical type, the same array as
// in the JSON lines), null when there are none: a list of structs costs
// more per row than all the other columns together, for columns that
// are almost always empty.
type ParquetVerdict struct {
	ID     string       `parquet:"id"`
	Name   string       `parquet:"name"`
	Party  string       `parquet:"party"`
	Regime graph.Regime `parquet:"regime,dict"`
	Status graph.Status `parquet:"status,dict"`
	// The share and votes bounds, each with its openness.
	ParquetBounds
	Flags []graph.Flag `parquet:"flags,list"`
	// PossiblySameAs and PossiblyExposedVia are JSON arrays of
	// graph.PossibleLink, PossibleStatus the status the entity would have
	// with them; each null when none.
	PossiblySameAs     []byte       `parquet:"possibly_same_as,optional,json"`
	PossiblyExposedVia []byte       `parquet:"possibly_exposed_via,optional,json"`
	PossibleStatus     graph.Status `parquet:"possible_status,optional"`
}

// ParquetBounds are the columns of a share range and a votes range:
// share_min, share_max, share_min_open, share_max_open and votes_min ...
// votes_max_open (an unknown range is [0, 100], both bounds closed).
type ParquetBounds struct {
	ShareMin     graph.Pct `parquet:"share_min,decimal(6:18)"`
	ShareMax     graph.Pct `parquet:"share_max,decimal(6:18)"`
	ShareMinOpen bool      `parquet:"share_min_open"`
	ShareMaxOpen bool      `parquet:"share_max_open"`
	VotesMin     graph.Pct `parquet:"votes_min,decimal(6:18)"`
	VotesMax     graph.Pct `parquet:"votes_max,decimal(6:18)"`
	VotesMinOpen bool      `parquet:"votes_min_open"`
	VotesMaxOpen bool      `parquet:"votes_max_open"`
}

func pqBounds(share, votes graph.Range) ParquetBounds {
	return ParquetBounds{ShareMin: share.Lo, ShareMax: share.Hi, ShareMinOpen: share.LoOpen, ShareMaxOpen: share.HiOpen,
		VotesMin: votes.Lo, VotesMax: votes.Hi, VotesMinOpen: votes.LoOpen, VotesMaxOpen: votes.HiOpen}
}

// NewParquetVerdict flattens a verdict into its Parquet row.
func NewParquetVerdict(v graph.Verdict) (ParquetVerdict, error) {
	same, err := pqJSON(v.PossiblySameAs)
	if err != nil {
		return ParquetVerdict{}, err
	}
	via, err := pqJSON(v.PossiblyExposedVia)
	if err != nil {
		return ParquetVerdict{}, err
	}
	return ParquetVerdict{ID: v.Entity, Name: v.Name, Party: v.Party, Regime: v.Regime, Status: v.Status,
		ParquetBounds: pqBounds(v.Share, v.Votes),
		Flags:         v.Flags, PossiblySameAs: same, PossiblyExposedVia: via, PossibleStatus: v.PossibleStatus}, nil
}

// parquetVerdicts is the VerdictWriter of FormatParquet.
type parquetVerdicts struct {
	w   *pqWriter[ParquetVerdict]
	all bool
}

// NewParquetVerdicts returns a VerdictWriter of Parquet rows
// (ParquetVerdict); all keeps clear verdicts, as NewVerdictWriter's.
func NewParquetVerdicts(w io.Writer, all bool) VerdictWriter {
	return &parquetVerdicts{w: newPQWriter[ParquetVerdict](w, "verdicts"), all: all}
}

func (p *parquetVerdicts) WriteEntity(vs []graph.Verdict) error {
	for _, v := range vs {
		if !shown(v, p.all) {
			continue
		}
		row, err := NewParquetVerdict(v)
		if err != nil {
			return err
		}
		if err := p.w.add(row); err != nil {
			return err
		}
	}
	return nil
}

func (p *parquetVerdicts) Close() error { return p.w.Close() }
