package graph

import "slices"

// Status is a regime's verdict on one entity (DESIGN.md, "Regimes and
// statuses"). OFAC uses designated, blocked, undetermined, clear; UK and EU
// use designated, owned, controlled, undetermined, clear.
type Status string

// Statuses, exact strings of the output contract.
const (
	StatusDesignated   Status = "designated"
	StatusBlocked      Status = "blocked"
	StatusOwned        Status = "owned"
	StatusControlled   Status = "controlled"
	StatusUndetermined Status = "undetermined"
	StatusClear        Status = "clear"
)

// Flag is informational and never changes a status (RULES.md section 2,
// "Flags").
type Flag string

// Flags.
const (
	FlagMinorityExposure Flag = "minority-exposure"
	FlagControlRisk      Flag = "control-risk"
	FlagRebuttable       Flag = "rebuttable"
	FlagJointArrangement Flag = "joint-arrangement"
	FlagOverAllocated    Flag = "over-allocated"
	FlagPoliticalOffice  Flag = "political-office"
	// FlagPossiblySameAs: the entity has a possible link (an uncorroborated
	// name match) to a party that is designated or exposed under the
	// regime (RULES.md "Parties and links"); Verdict.PossiblySameAs names
	// the candidates.
	FlagPossiblySameAs Flag = "possibly-same-as"
	// FlagPossiblyExposed: the entity would be designated or exposed under
	// the regime if its possible links, or those upstream of it, were
	// strong (a third run with possible links merged); its status stays
	// that of the two normal runs. Verdict.PossiblyExposedVia names the
	// possible links behind it and PossibleStatus the status it would get.
	FlagPossiblyExposed Flag = "possibly-exposed"
)

// Run names one of the two engine runs of RULES.md section 2.
type Run string

// The definite run uses lower bounds of share ranges; the possible run
// upper bounds.
const (
	RunDefinite Run = "definite"
	RunPossible Run = "possible"
)

// Verdict is one regime's decision on one entity. Share is the share range
// that was counted: Lo from the definite run, Hi from the possible run.
type Verdict struct {
	Entity string `json:"id"`
	Name   string `json:"name"`
	// Party is the id that stands for the entity's party (RULES.md
	// "Parties and links"): the representative of its strong same-as
	// cluster, the smallest id of the cluster, or Entity itself when it
	// is in no cluster. Records of one party have the same Party and the
	// same verdict.
	Party  string `json:"party,omitempty"`
	Regime Regime `json:"regime"`
	Status Status `json:"status"`
	Share  Range  `json:"share"`
	Votes  Range  `json:"votes"`
	Flags  []Flag `json:"flags"`
	// PossiblySameAs are the possible links behind FlagPossiblySameAs.
	PossiblySameAs []PossibleLink `json:"possibly_same_as,omitempty"`
	// PossiblyExposedVia are the possible links behind
	// FlagPossiblyExposed, and PossibleStatus the status the entity would
	// have with them merged.
	PossiblyExposedVia []PossibleLink `json:"possibly_exposed_via,omitempty"`
	PossibleStatus     Status         `json:"possible_status,omitempty"`
	Proof              *Proof         `json:"proof,omitempty"`
}

// Exposed reports whether s is a status that freezes: designated, blocked,
// owned or controlled (not undetermined, not clear).
func (s Status) Exposed() bool {
	switch s {
	case StatusDesignated, StatusBlocked, StatusOwned, StatusControlled:
		return true
	}
	return false
}

// Proof explains a verdict down to designations and their source records.
// It is a finite tree: an owner's proof only refers to owners that reached
// their status before this entity did.
type Proof struct {
	Entity string `json:"id"`
	Name   string `json:"name"`
	Regime Regime `json:"regime"`
	Status Status `json:"status"`
	// Run is the run that decided the status (definite or possible).
	Run Run `json:"run,omitempty"`
	// Rule is a sentence naming the legal test applied, with its citation.
	Rule string `json:"rule,omitempty"`
	// Threshold is the threshold crossed, e.g. "shares >= 50".
	Threshold string `json:"threshold,omitempty"`
	Share     Range  `json:"share"`
	Votes     Range  `json:"votes"`
	// Person is the designated person of a UK closure.
	Person       string         `json:"person,omitempty"`
	Designations []Designation  `json:"designations,omitempty"`
	Holdings     []ProofHolding `json:"holdings,omitempty"`
	Controls     []ProofControl `json:"controls,omitempty"`
	Flags        []Flag         `json:"flags,omitempty"`
	Notes        []string       `json:"notes,omitempty"`
	// The possible links behind the flags possibly-same-as and
	// possibly-exposed, as in Verdict.
	PossiblySameAs     []PossibleLink `json:"possibly_same_as,omitempty"`
	PossiblyExposedVia []PossibleLink `json:"possibly_exposed_via,omitempty"`
	PossibleStatus     Status         `json:"possible_status,omitempty"`
	// Elided, when set, replaces the rest of this node's proof: it was
	// cut below a depth and only summed up (Result.ExplainDepth).
	Elided *ProofElision `json:"elided,omitempty"`
}

// ProofElision sums up a part of a proof left out below a depth: a node
// and the owners and controllers whose proofs support it, transitively.
type ProofElision struct {
	// Depth is the depth below which the proof was cut.
	Depth int `json:"depth"`
	// Levels is the number of levels left out, Parties the number of
	// parties, ByStatus how many of them have each status.
	Levels   int            `json:"levels"`
	Parties  int            `json:"parties"`
	ByStatus map[Status]int `json:"by_status"`
	// Designated names the designated parties reached, "Name (id)", at
	// most ElidedNames of them, sorted; MoreDesignated counts the others.
	Designated     []string `json:"designated,omitempty"`
	MoreDesignated int      `json:"more_designated,omitempty"`
}

// ProofDepth is the depth to which proofs are built or shown where the
// whole proof is not asked for: text proofs, screening results, the web
// UI (issue 15).
const ProofDepth = 25

// ElidedNames is how many designated parties a ProofElision names.
const ElidedNames = 5

// Add counts one party left out at level (1 for the node where the proof
// was cut).
func (e *ProofElision) Add(level int, id, name string, st Status) {
	e.Levels = max(e.Levels, level)
	e.Parties++
	if e.ByStatus == nil {
		e.ByStatus = map[Status]int{}
	}
	e.ByStatus[st]++
	if st == StatusDesignated {
		e.designated(name + " (" + id + ")")
	}
}

// Merge counts o, a sum whose cut node is at level, into e.
func (e *ProofElision) Merge(level int, o *ProofElision) {
	e.Levels = max(e.Levels, level-1+o.Levels)
	e.Parties += o.Parties
	if e.ByStatus == nil {
		e.ByStatus = map[Status]int{}
	}
	for st, n := range o.ByStatus {
		e.ByStatus[st] += n
	}
	for _, d := range o.Designated {
		e.designated(d)
	}
	e.MoreDesignated += o.MoreDesignated
}

// designated keeps the first ElidedNames names in order and counts the
// others.
func (e *ProofElision) designated(d string) {
	i, _ := slices.BinarySearch(e.Designated, d)
	e.Designated = slices.Insert(e.Designated, i, d)
	if len(e.Designated) > ElidedNames {
		e.Designated = e.Designated[:ElidedNames]
		e.MoreDesignated++
	}
}

// ProofHolding is a holding counted in a proof, with why its owner counts.
type ProofHolding struct {
	Holding
	OwnerName   string `json:"owner_name"`
	OwnerStatus Status `json:"owner_status"`
	// Counted share and votes as used by the run (after capping).
	CountedShare Range `json:"counted_share"`
	CountedVotes Range `json:"counted_votes"`
	// Merge, when the stake was reported by several records, lists them
	// and says how they were merged (RULES.md "Reports of one stake").
	Merge      *StakeMerge `json:"merge,omitempty"`
	OwnerProof *Proof      `json:"owner_proof,omitempty"`
}

// ProofControl is a control edge used in a proof.
type ProofControl struct {
	Control
	ControllerName   string `json:"controller_name"`
	ControllerStatus Status `json:"controller_status"`
	ControllerProof  *Proof `json:"controller_proof,omitempty"`
}
