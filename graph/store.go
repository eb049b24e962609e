package graph

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrNotFound is returned (wrapped) when an entity does not exist.
var ErrNotFound = errors.New("not found")

// ErrOlderVersion is returned (wrapped) when a load of a list is older
// than a version of the same list already loaded.
var ErrOlderVersion = errors.New("older than the loaded version")

// Snapshot is the analysable content of a store: everything the engines
// need, as plain slices. A Snapshot taken "as of" a date may still hold
// records outside that date; the engines filter again.
type Snapshot struct {
	AsOf         Date
	Entities     []Entity
	Designations []Designation
	Holdings     []Holding
	Controls     []Control
	SameAs       []SameAs
}

// Batch is a group of records written together during a load.
type Batch struct {
	Entities     []Entity
	Designations []Designation
	Holdings     []Holding
	Controls     []Control
	SameAs       []SameAs
	Links        []Link
}

// Len is the number of records in b.
func (b *Batch) Len() int {
	return len(b.Entities) + len(b.Designations) + len(b.Holdings) + len(b.Controls) + len(b.SameAs) + len(b.Links)
}

// Counts counts records of each kind.
type Counts struct {
	Entities     int `json:"entities"`
	Designations int `json:"designations"`
	Holdings     int `json:"holdings"`
	Controls     int `json:"controls"`
	SameAs       int `json:"same_as"`
	Links        int `json:"links"`
}

// Add adds the records of b to c.
func (c *Counts) Add(b *Batch) {
	c.Entities += len(b.Entities)
	c.Designations += len(b.Designations)
	c.Holdings += len(b.Holdings)
	c.Controls += len(b.Controls)
	c.SameAs += len(b.SameAs)
	c.Links += len(b.Links)
}

// LoadMeta describes a load before it starts.
type LoadMeta struct {
	Source   string    `json:"source"`   // e.g. "csv"
	Format   string    `json:"format"`   // ingester name
	Files    []string  `json:"files"`    // input files
	Checksum string    `json:"checksum"` // sha256 over the inputs
	Started  time.Time `json:"started"`
	// List names a sanctions list published as a whole (e.g. "ofac-sdn").
	// A load of a list is a new version of it: designations and relations
	// of that source which the load does not restate are closed at
	// Published, never deleted.
	List string `json:"list,omitempty"`
	// Published is the list version's publication date (the load date
	// when the file has none).
	Published Date `json:"published,omitempty"`
}

// Load statuses of the load log. A load is running from Begin to Commit
// or Abort; interrupted when its process ended without either (killed, or
// its machine stopped), as Writer's contract says how a store tells.
const (
	LoadRunning     = "running"
	LoadCommitted   = "committed"
	LoadFailed      = "failed"
	LoadInterrupted = "interrupted"
)

// LoadRecord is one entry of a store's load log.
type LoadRecord struct {
	ID int64 `json:"id"`
	LoadMeta
	Finished time.Time `json:"finished"`
	Counts   Counts    `json:"counts"`
	Skipped  int       `json:"skipped"`
	Status   string    `json:"status"`
	Error    string    `json:"error,omitempty"`
	// Owner is the token of the process that ran the load
	// (internal/procid): empty for loads recorded by an ownex before
	// owner tokens.
	Owner string `json:"owner,omitempty"`
}

// Partial reports whether r is a partial version of a list: a list load
// that skipped records (see Load), which closed nothing.
func (r LoadRecord) Partial() bool { return r.List != "" && r.Skipped > 0 }

// Writer starts loads.
//
// Interrupted loads. Begin records, with the running load, the owner
// token of the process (internal/procid: host, boot, pid namespace, pid
// and process start time). A load still running in the log whose process
// is gone (killed, or its machine restarted) is interrupted:
//
//   - Reader.Loads shows it as LoadInterrupted, whether or not the store
//     has stored that yet, and Open and Begin store it (LoadInterrupted),
//     Open without waiting for a lock that another process's load holds
//     (the next Open or Begin stores it then).
//   - A load that another live process runs stays running: on the same
//     host its process is checked (procid.Check); a load of another host
//     (or another pid namespace) is judged by the store's own means, which
//     its doc.go states: SQLite leaves it running (a SQLite file is used
//     by one machine), Neo4j marks it interrupted when its heartbeat,
//     refreshed by the loading process, is older than a timeout.
//   - A running load recorded without an owner (by an ownex before owner
//     tokens) is interrupted.
//
// A load marked interrupted whose process was in fact alive (Neo4j: a
// heartbeat stopped by a long stall) still commits or fails normally:
// Commit and Abort set the status whatever it was.
type Writer interface {
	// Begin records a running load in the load log and returns it.
	Begin(ctx context.Context, meta LoadMeta) (Load, error)
}

// Load is one load in progress. Records are upserted: entities by ID,
// relations by their Key. A store that can make a load atomic (SQLite)
// makes nothing visible before Commit; Abort discards or marks it failed.
//
// Commit's skipped is the number of records of the input that the load
// skipped (lenient mode). A list load (LoadMeta.List set) committed with
// skipped > 0 is a partial version of the list: the input was not read
// whole, so what it does not state may only have been lost. A partial
// version writes its additions and changes like any load, but closes
// nothing, and it is not a version for the order of versions: it never
// refuses a later load of the list, of whatever date (LoadRecord.Partial).
type Load interface {
	Write(ctx context.Context, b *Batch) error
	Commit(ctx context.Context, counts Counts, skipped int) error
	Abort(ctx context.Context, cause error) error
}

// UnconfirmedCounter is implemented by the loads of both stores. For a
// list load in progress, Unconfirmed counts the list's designations that
// are open and that this load has not written: those a complete version
// would close at Commit, and that a partial version leaves open.
type UnconfirmedCounter interface {
	Unconfirmed(ctx context.Context) (int, error)
}

// Atomic tells whether a store's loads are all-or-nothing (AtomicLoads
// true): nothing is visible before Commit and Abort leaves no trace but
// the load log. The SQLite store is atomic; the Neo4j store writes batch
// by batch (AtomicLoads false), and re-running an interrupted load
// converges instead.
type Atomic interface {
	AtomicLoads() bool
}

// VerdictStore is implemented by stores that keep verdicts on their
// entities (Neo4j's write-back), so that people browsing the database see
// them. It is optional (not in Store): only Neo4j has it. WriteVerdicts replaces, for each regime in regimes, every verdict
// stored by an earlier run: what no longer holds is removed.
type VerdictStore interface {
	WriteVerdicts(ctx context.Context, asOf Date, regimes []Regime, verdicts func(yield func(Verdict) bool)) (WriteBackStats, error)
}

// WriteBackStats counts what a write-back did.
type WriteBackStats struct {
	Written int `json:"written"` // non-clear verdicts stored
	Exposed int `json:"exposed"` // entities labelled exposed after the run
	Cleared int `json:"cleared"` // stale verdicts removed
}

// Reader reads what the engines and the read-side queries need.
type Reader interface {
	// Snapshot returns every record valid on asOf (all records if asOf is
	// empty).
	Snapshot(ctx context.Context, asOf Date) (*Snapshot, error)
	// Upstream returns the upstream closure of ids: the entities, their
	// owners and controllers transitively, and the records same-as linked
	// to any of them, with the holdings, control edges, designations and
	// same-as links among them. Same-as links of every strength are
	// followed and returned: the engines need possible links for the
	// possibly-same-as and possibly-exposed flags, and rejections to drop
	// the links they override (PartyLinks).
	Upstream(ctx context.Context, ids []string, asOf Date) (*Snapshot, error)
	// Entity returns one entity or an error wrapping ErrNotFound.
	Entity(ctx context.Context, id string) (Entity, error)
	// Counts returns the number of records of each kind.
	Counts(ctx context.Context) (Counts, error)
	// Loads returns the load log, oldest first.
	Loads(ctx context.Context) ([]LoadRecord, error)
}

// Store is a complete store: everything that both stores (SQLite and
// Neo4j) do, so that a store that lacks a method does not compile, where
// a runtime check would take a slower path or refuse a command. The small
// interfaces it embeds keep their contracts; a function that needs one
// capability takes that interface. What only one store does stays an
// optional interface that callers check: Dumper (SQLite), VerdictStore
// (Neo4j's write-back).
type Store interface {
	Writer
	Reader
	Atomic
	Migrator
	Detailer
	EntityLister
	UpstreamDepther
	Downstreamer
	SameAsReplacer
	RunStore
	ChangeLog
	SnapshotStreamer
	UpstreamStreamer
	ConeStreamer
	Close() error
}

// Migrator reports what a store upgraded, when it was opened, of a
// store made by an earlier version of ownex in a way its user must hear
// about (e.g. same-as name links that became possible links, issue 13).
// Migrations returns one human-readable notice per such change, made by
// the Open that returned the store: empty when the store was already up
// to date, so that a notice is given once. The caller (the command line)
// shows them; the store never prints.
type Migrator interface {
	Migrations() []string
}

// Key identifies a holding for idempotent upserts: the same source stating
// the same owner, owned entity, arrangement and start date is the same
// holding, whatever its share, except that the Nth such record of a file
// (Nth > 1) is another one (two interests of one owner are two records,
// RULES.md "Reports of one stake"); a holding with a Ref is identified by
// its source and Ref (with its ends, so that a Ref reused for another pair
// stays apart).
func (h Holding) Key() string {
	if h.Ref != "" {
		return joinKey(h.Source, "ref", h.Ref, h.Owner, h.Owned)
	}
	if h.Nth > 1 {
		return joinKey(h.Source, h.Owner, h.Owned, h.Arrangement, string(h.Start), strconv.Itoa(h.Nth))
	}
	return joinKey(h.Source, h.Owner, h.Owned, h.Arrangement, string(h.Start))
}

// Key identifies a control edge for idempotent upserts, like Holding.Key.
func (c Control) Key() string {
	if c.Ref != "" {
		return joinKey(c.Source, "ref", c.Ref, c.Controller, c.Controlled, string(c.Basis))
	}
	return joinKey(c.Source, c.Controller, c.Controlled, string(c.Basis), string(c.Start))
}

// Key identifies a designation for idempotent upserts.
func (d Designation) Key() string {
	return joinKey(d.Source, d.Entity, string(d.Regime), d.Program, string(d.Listed))
}

// LegacyNameMethod is the method of the name links that `ownex resolve`
// made before links had a strength (issue 13). A store made then turns
// them into possible links when it is opened, and every other link (a
// shared identifier, a source's own cross-reference) into a strong one,
// with the link's record as its evidence (Migrator).
const LegacyNameMethod = "name"

// LegacyLinkNotices words that migration for Migrator.Migrations: possible
// name links were turned into possible links, strong other links into
// strong ones. A count of 0 gives no notice.
func LegacyLinkNotices(possible, strong int64) []string {
	plural := func(n int64) string {
		if n == 1 {
			return "link"
		}
		return "links"
	}
	var out []string
	if possible > 0 {
		out = append(out, fmt.Sprintf("migrated %d same-as name %s to possible %s (issue 13: a name match alone never "+
			"merges parties); run `ownex resolve` again to corroborate them", possible, plural(possible), plural(possible)))
	}
	if strong > 0 {
		out = append(out, fmt.Sprintf("migrated %d same-as %s from shared identifiers and sources' cross-references "+
			"to strong %s", strong, plural(strong), plural(strong)))
	}
	return out
}

// CheckStrength returns an error naming s (its ends and source) unless its
// Strength is strong, possible or rejected (ParseLinkStrength). Stores
// refuse to write such a link, and fail reading one whose stored strength
// is missing or unknown: a link is never taken for a strong one by
// default.
func (s SameAs) CheckStrength() error {
	if _, err := ParseLinkStrength(string(s.Strength)); err != nil {
		return fmt.Errorf("same-as %s = %s (source %q, method %q): %w", s.A, s.B, s.Source, s.Method, err)
	}
	return nil
}

// Key identifies a same-as link; it does not depend on the order of A, B.
func (s SameAs) Key() string {
	a, b := s.A, s.B
	if b < a {
		a, b = b, a
	}
	return joinKey(s.Source, a, b)
}

func joinKey(parts ...string) string { return strings.Join(parts, "\x1f") }
