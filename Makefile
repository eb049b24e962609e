# ownex — build and test. `make test` is what CI runs (.ci/run).
GO       ?= go
GOFLAGS  ?=
PKGS     := ./...

include deploy/neo4j/neo4j.mk

.PHONY: build test browser-test test-short vet fmt-check fuzz bench bench-engines demo clean

build:
	$(GO) build -o bin/ownex ./cmd/ownex

# Every test, including the fuzz targets' seed corpora (they run as ordinary
# tests), against a real Neo4j that deploy/neo4j/with-neo4j.sh starts and stops.
test: fmt-check vet
	bash deploy/python/setup.sh >/dev/null
	bash deploy/neo4j/with-neo4j.sh $(GO) test -count=1 -timeout 40m $(PKGS)
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

# Run every fuzz target for FUZZTIME each (not part of `make test`, which
# runs their seed corpora).
FUZZTIME ?= 30s
fuzz:
	@for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
	  dir=$$(dirname $$f); \
	  for name in $$(grep -h '^func Fuzz' $$f | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
	    echo "== $$dir $$name"; \
	    $(GO) test ./$$dir -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1s || exit 1; \
	  done; \
	done

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
