# Smoothie — build, run and test. `make run` and `make test` install what is missing first.

GO          ?= go
BIN         := bin/smoothie
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -X main.version=$(VERSION)

# Packages that link FFmpeg, X11/GL or ALSA (cgo): tested without -race.
CGO_PKGS    = $(shell $(GO) list ./... | grep -E '/(decode|render|origin/pack|rtspsrc)(/|$$)')
# End-to-end tests: one package, run serially against real processes.
E2E_PKG     := ./e2e
# Everything else is pure Go and runs under the race detector.
PURE_PKGS   = $(shell $(GO) list ./... | grep -v -E '/(decode|render|origin/pack|rtspsrc)(/|$$)' | grep -v -E '/e2e$$')

# `make cross` builds every package but the cgo ones and the commands with
# CGO_ENABLED=0 for these targets (scripts/cross.sh, docs/building.md).
CROSS_TARGETS := windows/amd64 darwin/arm64 linux/arm64

FUZZTIME    ?= 60s
# FUZZFLAGS passes more flags to each fuzz run (e.g. -parallel=1 to leave a core free).
FUZZFLAGS   ?=

.PHONY: all deps build run test vet staticcheck cross lint unit e2e bench bench-origin bench-play bench-live bench-abr bench-load fuzz soak clean sim-chart

all: build

deps:
	@./scripts/deps.sh
	@./scripts/web-deps.sh

# smoothie-window is the window helper `smoothie play` starts beside itself (a binary
# linking ebiten cannot start without a display, so smoothie itself does not).
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/smoothie
	$(GO) build -o $(BIN)-window ./cmd/smoothie-window

run: deps build
	./$(BIN) play

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run $(STATICCHECK) ./...

# The first run for a target compiles the standard library and the dependencies for
# it (about a minute a target on two cores); later runs take about half a second each.
cross:
	@GO="$(GO)" ./scripts/cross.sh $(CROSS_TARGETS)

lint: vet staticcheck cross
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)

unit:
	$(GO) test -race -timeout 15m $(PURE_PKGS)
	@if [ -n "$(CGO_PKGS)" ]; then $(GO) test -timeout 15m $(CGO_PKGS); fi

e2e: build
	@if [ -d e2e ]; then $(GO) test -count=1 -p 1 -timeout 20m $(E2E_PKG); fi

test: deps lint unit e2e

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Our origin against nginx serving the same fragments as static files, 1/16/128 clients.
bench-origin: deps
	$(GO) test -run '^$$' -bench Origin -benchtime 20x -timeout 20m $(E2E_PKG)

# Playback on the demo against FFmpeg and GStreamer, each a ratio measured in the same
# run: decode throughput, time to first frame on loopback, CPU of a 720p playback.
bench-play: deps
	$(GO) test -run '^$$' -bench Play -benchtime 1x -timeout 10m $(E2E_PKG)

# Live latency against its floor (fragment duration × tfrf lookahead): glass-to-glass
# of an FFmpeg push played by smoothie, and the latency to the edge of `serve --live`;
# RTSP: send time to presentation against the jitter buffer + a frame.
bench-live: deps
	$(GO) test -run '^$$' -bench Live -benchtime 1x -timeout 10m $(E2E_PKG)

# The real player against the simulator: a presentation with Pensieve's ladder behind
# `serve --trace`, each policy played by `smoothie play` and simulated by `smoothie sim
# --video FILE.ism` on the same trace windows, and dash.js (about 35 min for the default 3 traces;
# BENCH_ABR_TRACES=N for more, BENCH_ABR_DIR=DIR keeps the packed presentation).
bench-abr: deps
	$(GO) test -run '^$$' -bench '^BenchmarkABR$$' -benchtime 1x -timeout 120m $(E2E_PKG)

# `smoothie load` with 500 viewers for 60 s against serve, then nginx caching in front
# (BENCH_LOAD_VIEWERS, BENCH_LOAD_FOR change them): RSS a viewer, CPU, the origin's share.
bench-load: deps build
	$(GO) test -run '^$$' -bench '^BenchmarkLoad$$' -benchtime 1x -timeout 20m $(E2E_PKG)

# Each fuzz target runs for FUZZTIME; crashers land in testdata/fuzz/ and become regression cases.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $(FUZZFLAGS) $$pkg || exit 1; \
	  done; \
	done

soak:
	@if [ -d e2e ]; then $(GO) test -p 1 -count 1 -timeout 100m -tags soak -run Soak -v $(E2E_PKG); else echo "soak: no soak tests yet"; fi

clean:
	rm -rf bin

# QoE per policy on the dev traces (the charts in README.md and docs/sim.md). TRACES points at shared/traces/dev.
TRACES      ?= ../shared/traces/dev
sim-chart: build
	@mkdir -p docs
	./$(BIN) sim --traces $(TRACES)/hsdpa --chart docs/sim-hsdpa.png
	./$(BIN) sim --traces $(TRACES)/fcc --min-mbps 0.5 --chart docs/sim-fcc.png
