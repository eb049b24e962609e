# ownex — build and test. `make test` is what CI runs (.ci/run).
GO       ?= go
GOFLAGS  ?=
PKGS     := ./...

include deploy/neo4j/neo4j.mk

.PHONY: build test browser-test test-short vet fmt-check fuzz fuzz-short bench bench-engines demo clean

build:
	$(GO) build -o bin/ownex ./cmd/ownex

# The packages with concurrency (the ingest pipeline, both stores, the HTTP
# API, the engines and the queries that run them): make test runs their
# tests under the race detector (about 2 minutes on 2 cores), the others
# without it.
RACE_PKGS  := ./ingest ./internal/store/sqlite ./internal/store/neo4j ./internal/httpapi ./graph/exposure ./queries
OTHER_PKGS  = $(filter-out $(shell $(GO) list $(RACE_PKGS)),$(shell $(GO) list $(PKGS)))

# Every test, including the fuzz targets' seed corpora (they run as ordinary
# tests), against a real Neo4j that deploy/neo4j/with-neo4j.sh starts and
# stops. The go test -json stream goes through internal/tools/skipcheck,
# which prints the quiet output and, with CI=true (.ci/run), fails the run
# when a test that needs Neo4j, a browser or Python was skipped. Then each
# fuzz target a few seconds (fuzz-short), the check that make bench fails
# when a baseline disagrees with the engine, and the browser test of the web UI.
test: fmt-check vet
	bash deploy/python/setup.sh >/dev/null
	$(GO) build -o bin/skipcheck ./internal/tools/skipcheck
	bash deploy/neo4j/with-neo4j.sh bash -o pipefail -c '( rc=0; \
	  $(GO) test -json -count=1 -timeout 40m $(OTHER_PKGS) || rc=1; \
	  CGO_ENABLED=1 $(GO) test -json -race -count=1 -timeout 40m $(RACE_PKGS) || rc=1; \
	  exit $$rc ) | bin/skipcheck'
	$(MAKE) fuzz-short
	bash bench/agreement_test.sh
	bash tests/browser/run.sh

# The Playwright test of the web UI (ownex serve) in the system's headless Chromium.
browser-test:
	bash tests/browser/run.sh

test-short:
	$(GO) test -short -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# Run every fuzz target for FUZZTIME each (tests/fuzz/run.sh): a crasher stops
# the run, stays in the package's testdata/fuzz/<Target>/ as a regression
# seed to commit, and the script names it.
FUZZTIME ?= 30s
fuzz:
	FUZZTIME=$(FUZZTIME) bash tests/fuzz/run.sh

# Each fuzz target for 3 s on its seed corpus and what it finds (part of
# make test; about 18 targets x (3 s + build)).
fuzz-short:
	FUZZTIME=3s bash tests/fuzz/run.sh

# The 1,000,000-entity figures of docs/BENCHMARKS.md (issue 7), end to end and
# against the three baselines, as a Markdown report (bench/run.sh).
bench:
	bash bench/run.sh

# Every benchmark of the engines, three times (benchstat input).
bench-engines:
	$(GO) test ./graph/exposure -run '^$$' -bench . -benchmem -count 3 -timeout 60m

demo:
	$(GO) run ./cmd/ownex demo

clean:
	rm -rf bin

# Batched vs per-row Neo4j writes on a real server (figures in docs/BENCHMARKS.md).
neo4j-bench:
	bash deploy/neo4j/with-neo4j.sh $(GO) test ./internal/store/neo4j -run '^$$' -bench LoadHoldings -benchtime 1x -timeout 60m
