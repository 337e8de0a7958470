# Build and test entry points for github.com/scsql/scsql.
#
#   make test        lint (gofmt, vet, staticcheck), race-enabled tests (library, then examples/), the no-cgo build,
#                    a bounded fuzz, the Galera tests (THE test command); lists tests skipped for an unreachable server
#   make nocgo       CGO_ENABLED=0: build and vet every package, and run the demo on its pure-Go driver
#   make lint        gofmt check, go vet, staticcheck
#   make services    start PostgreSQL, MariaDB and PgBouncer on loopback (scripts/services)
#   make test-galera the Galera tests on a three-node MariaDB Galera cluster (scripts/galera), also run by make test
#   make test-failover  a primary killed under load: pg_auto_failover (scripts/pgfailover) and Galera behind
#                    HAProxy (scripts/galera, scripts/galera-lb); also run by make test (docs/failover.md)
#   make test-tidb   the conformance, fault, cleanup and TiDB tests on tidb-server (scripts/tidb), also run by make test
#   make demo        go run ./cmd/demo   (extra arguments: DEMO_ARGS=...)
#   make bench       benchmarks, 6 runs each, saved to bench.txt
#   make bench-ab    Find and Commit as an interleaved A/B run: 12 rounds, each in a process of its own,
#                    the implementations' order rotated (scripts/bench-ab), saved to bench-ab.txt
#   make bench-purge the 1M-row purge under read load (PostgreSQL, MariaDB)
#   make bench-curve the cost curve: Find, Commit, ForEach and a purge on tables of 10 thousand, 1 million
#                    and 10 million sessions (PostgreSQL, MariaDB, SQLite), saved to bench-curve.txt (hours)
#   make bench-chart SVG charts in docs/charts/ from bench.txt and bench-curve.txt (scripts/benchchart)
#   make bench-tidb  Find and Commit on TiDB beside MariaDB, interleaved as bench-ab, saved to bench-tidb.txt
#   make test-mssql  tests against SQL Server at $SCSQL_MSSQL_DSN
#
# Tests that need PostgreSQL or MariaDB skip when the server is unreachable,
# unless SCSQL_REQUIRE_SERVERS=1 (as in CI), which makes them fail instead.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

GO ?= go

# staticcheck 2026.2.2, the newest release; built and checked with Go 1.26.
STATICCHECK_VERSION := v0.8.2
BIN := $(CURDIR)/.bin
STATICCHECK := $(BIN)/staticcheck

.PHONY: test-galera test-failover test-tidb bench-tidb bench-curve bench-chart bench-ab
.PHONY: test vet lint fmt-check staticcheck tools services demo bench bench-purge test-mssql clean nocgo

# The cheap checks first, so a formatting slip fails fast and the test summary closes the output.
# A test whose server is unreachable skips (unless SCSQL_REQUIRE_SERVERS=1), and `go test` shows
# a passing package's skips only with -v: testdb appends each to SCSQL_SKIP_LOG, listed at the end.
SKIP_LOG := $(CURDIR)/.skipped-tests

test:
	$(MAKE) --no-print-directory lint
	rm -f $(SKIP_LOG)
	SCSQL_SKIP_LOG=$(SKIP_LOG) $(GO) test -race -count=1 -timeout 30m ./...
	cd examples && $(GO) test -race -count=1 -timeout 10m ./...
	cd scripts/benchchart && $(GO) test -race -count=1 ./...
	$(MAKE) --no-print-directory nocgo
# The fuzz budget is a count, not a duration: with a duration, Go before 1.27 can fail a clean run
# with "context deadline exceeded" as the time runs out (go.dev/issue/75804). 150,000 inputs took
# 15 s of fuzzing on a fresh 2-core machine, 38 s with the build.
	$(GO) test -run '^$$' -fuzz '^FuzzTableName$$' -fuzztime 150000x ./dialect
	$(MAKE) --no-print-directory test-galera
	$(MAKE) --no-print-directory test-failover
	$(MAKE) --no-print-directory test-tidb
	@if [ -s $(SKIP_LOG) ]; then \
		echo "SKIPPED: $$(wc -l <$(SKIP_LOG)) tests did not run, their server unreachable (make services starts them):"; \
		sort $(SKIP_LOG) | sed 's/^/  /'; \
	fi

# Without cgo (no C compiler, static binaries): every package builds and vets, mattn/go-sqlite3's
# tests being the only ones left out (by the build constraint cgo), and the demo keeps a session
# across a restart on modernc.org/sqlite. Cheap: no server, no -race.
nocgo:
	CGO_ENABLED=0 $(GO) build ./...
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/scsql
	CGO_ENABLED=0 $(GO) vet ./...
	cd examples && CGO_ENABLED=0 $(GO) build ./...
	CGO_ENABLED=0 $(GO) test -count=1 ./cmd/demo

# examples/ and scripts/benchchart are modules of their own (so Echo, chi and the plotting library
# never become the library's dependencies): ./... from the root does not reach them, so vet,
# staticcheck and test visit them by name.
vet:
	$(GO) vet ./...
	cd examples && $(GO) vet ./...
	cd scripts/benchchart && $(GO) vet ./...

lint: fmt-check vet staticcheck

# Every .go file git knows of (tracked, or new and not ignored) must be
# gofmt-clean.
fmt-check:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		files=$$(git ls-files --cached --others --exclude-standard -- '*.go'); \
	else \
		files=$$(find . -name '*.go' -not -path './.bin/*' -not -path './.git/*'); \
	fi; \
	existing=(); \
	for f in $$files; do if [ -f "$$f" ]; then existing+=("$$f"); fi; done; \
	if [ "$${#existing[@]}" -eq 0 ]; then echo "gofmt: no .go files"; exit 0; fi; \
	echo "gofmt -l ($${#existing[@]} files)"; \
	out=$$(gofmt -l "$${existing[@]}") || { echo "gofmt failed (see above)" >&2; exit 1; }; \
	if [ -n "$$out" ]; then \
		echo "these files are not gofmt-formatted (run: gofmt -w FILE):" >&2; \
		echo "$$out" >&2; \
		exit 1; \
	fi

staticcheck: tools
	$(STATICCHECK) ./...
	cd examples && $(STATICCHECK) ./...
	cd scripts/benchchart && $(STATICCHECK) ./...

# Installs staticcheck into .bin/ unless the binary there is already this
# version built by the current Go toolchain.
tools:
	@want_go=$$($(GO) env GOVERSION); \
	if [ -x "$(STATICCHECK)" ] \
		&& info=$$($(GO) version -m "$(STATICCHECK)" 2>/dev/null) \
		&& grep -Eq "^[[:space:]]+mod[[:space:]]+honnef\.co/go/tools[[:space:]]+$(STATICCHECK_VERSION)([[:space:]]|$$)" <<<"$$info" \
		&& [ "$$(head -n 1 <<<"$$info" | sed 's/.*: //')" = "$$want_go" ]; then \
		exit 0; \
	fi; \
	echo "installing staticcheck $(STATICCHECK_VERSION) into .bin/ (with $$want_go)"; \
	GOBIN="$(BIN)" $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

services:
	bash scripts/services

demo:
	$(GO) run ./cmd/demo $(DEMO_ARGS)

# Every store benchmark but the purge (bench-purge), 6 runs, for benchstat -col /impl bench.txt.
# The first line names the command, for the charts (make bench-chart).
BENCH = $(GO) test -p 1 -run '^$$' -bench '^Benchmark(Find|Commit|Delete|All|Iterate)$$' -benchmem -count 6 -timeout 60m ./...
bench:
	{ echo 'command: $(subst ','"'"',$(BENCH))'; $(BENCH); } | tee bench.txt

# The ratios to quote: every case's implementations alternate within a round and take turns at
# going first, so drift falls on all alike (scripts/bench-ab; ROUNDS, BENCH and BENCHTIME change it).
bench-ab:
	bash scripts/bench-ab

# The cost curve (internal/benchkit.CostCurve; PostgreSQL through lib/pq, MariaDB, SQLite through
# mattn/go-sqlite3): each database's table is seeded once per payload by its own bulk path and
# grown from one size to the next. 10 million sessions of 16 KiB (164 GB) are not measured:
# CurveMaxTableBytes skips them. Hours on a shared two-core machine, and up to about 40 GB of disk
# at a time. SCSQL_CURVE_SIZES=10000,100000 makes a quick run. -v keeps the seeding times and
# load averages, which the benchmark logs, in bench-curve.txt. The tables are dropped when the
# benchmark ends; if it fails or is interrupted, SCSQL_CURVE_SIZES=none runs it again to drop what
# was left, and SQLite's files go with the temporary directory.
CURVE = $(GO) test -p 1 -v -run '^$$' -bench '^BenchmarkCostCurve$$' -benchmem -timeout 240m ./postgresstore ./mysqlstore ./sqlite3store
bench-curve:
	tmp=$$(mktemp -d); \
	cleanup() { \
		st=$$?; \
		if [ $$st -ne 0 ]; then SCSQL_CURVE_SIZES=none TMPDIR=$$tmp $(CURVE) >/dev/null 2>&1 || true; fi; \
		rm -rf "$$tmp"; \
	}; \
	trap cleanup EXIT; \
	{ echo 'command: $(subst ','"'"',$(CURVE))'; TMPDIR=$$tmp $(CURVE); } | tee bench-curve.txt

# The charts of docs/performance.md, from the saved output of `make bench` and `make bench-curve`
# (BENCH_TXT and CURVE_TXT name others). scripts/benchchart is a module of its own, so that the
# plotting library never becomes the library's dependency.
BENCH_TXT ?= bench.txt
CURVE_TXT ?= bench-curve.txt
bench-chart:
	cd scripts/benchchart && $(GO) run . -bench $(abspath $(BENCH_TXT)) -curve $(abspath $(CURVE_TXT)) -out $(CURDIR)/docs/charts

# The 1M-row purge under read load (PostgreSQL and MariaDB, several minutes).
bench-purge:
	$(GO) test -run '^$$' -bench 'PurgeUnderLoad/default' -benchtime 1x -timeout 30m ./postgresstore ./mysqlstore

# The Galera tests (mysqlstore's TestGalera*), which skip in `go test ./...` without
# SCSQL_GALERA_DSNS: scripts/galera starts a three-node cluster on loopback (about 20 s), the
# tests run against it, and the cluster is stopped and its data deleted whatever the outcome.
test-galera:
	trap 'bash scripts/galera stop' EXIT; \
	bash scripts/galera start; \
	SCSQL_GALERA_DSNS="$$(bash scripts/galera dsns)" $(GO) test -race -count=1 -timeout 10m -run '^TestGalera' -v ./mysqlstore \
		| grep -Ev '^(=== (RUN|PAUSE|CONT|NAME)|[[:space:]]+--- PASS)'

# The failover tests (TestFailover in postgresstore, pgxstore and mysqlstore), which skip in
# `go test ./...` without their variables. PostgreSQL: scripts/pgfailover starts a pg_auto_failover
# monitor and two data nodes (about 2 minutes); lib/pq's test kills the primary, the killed node
# rejoins as the standby (heal), and pgx's test kills the new primary. MariaDB: a three-node Galera
# cluster (scripts/galera) behind HAProxy (scripts/galera-lb); the node HAProxy sends traffic to is
# killed. Every server is stopped and its data deleted whatever the outcome, by the pids the
# scripts started.
FAILOVER_TEST = $(GO) test -race -count=1 -timeout 10m -run '^TestFailover$$' -v
FAILOVER_QUIET = grep -Ev '^(=== (RUN|PAUSE|CONT|NAME)|[[:space:]]+--- PASS)'
test-failover:
	trap 'bash scripts/galera-lb stop; bash scripts/galera stop; bash scripts/pgfailover stop' EXIT; \
	bash scripts/pgfailover start; \
	export SCSQL_PGFAILOVER_DSN="$$(bash scripts/pgfailover dsn)" SCSQL_PGFAILOVER_NODES="$$(bash scripts/pgfailover nodes)"; \
	$(FAILOVER_TEST) ./postgresstore | $(FAILOVER_QUIET); \
	bash scripts/pgfailover heal; \
	$(FAILOVER_TEST) ./pgxstore | $(FAILOVER_QUIET); \
	bash scripts/pgfailover stop; \
	bash scripts/galera start; \
	bash scripts/galera-lb start; \
	SCSQL_GALERA_LB_DSN="$$(bash scripts/galera-lb dsn)" SCSQL_GALERA_LB_NODES="$$(bash scripts/galera-lb nodes)" \
		$(FAILOVER_TEST) ./mysqlstore | $(FAILOVER_QUIET)

# The suites on TiDB: scripts/tidb builds tidb-server at the version scripts/tidb-server/go.mod
# pins (15-25 minutes the first time on two cores; the binary and Go's build cache are kept for
# later runs), starts it on its own port and data directory, and stops it by its pid whatever
# the outcome. mysqlstore's TestTiDB* tests run on it: conformance (both schemas, and in
# optimistic transaction mode), the backend suites (cleanup, secrets, sizes, time zones, faults)
# and the plans of Find, Delete and Commit.
test-tidb:
	trap 'bash scripts/tidb stop' EXIT; \
	bash scripts/tidb start; \
	SCSQL_TIDB_DSN="$$(bash scripts/tidb dsn)" $(GO) test -race -count=1 -timeout 20m -run '^TestTiDB' ./mysqlstore

# Find and Commit (update and insert) at 512 B on TiDB and on the MariaDB of `make services`, in
# the interleaved rounds of bench-ab: benchstat -col /impl bench-tidb.txt gives each one's ratio to
# its floor.
bench-tidb:
	trap 'bash scripts/tidb stop' EXIT; \
	bash scripts/tidb start; \
	SCSQL_TIDB_DSN="$$(bash scripts/tidb dsn)" OUT=bench-tidb.txt \
		BENCH='^Benchmark(TiDB)?(Find|Commit)$$/^(payload=512|op=update|op=insert)$$/^(par=.*|payload=512)$$' \
		bash scripts/bench-ab ./mysqlstore

test-mssql:
	@if [ -z "$${SCSQL_MSSQL_DSN:-}" ]; then \
		echo "test-mssql: SCSQL_MSSQL_DSN is not set; point it at a SQL Server, e.g." >&2; \
		echo "  SCSQL_MSSQL_DSN='sqlserver://sa:PASSWORD@127.0.0.1:1433?database=test' make test-mssql" >&2; \
		exit 1; \
	fi
	$(GO) test -race -count=1 ./mssqlstore/...

clean:
	rm -rf .bin bench.txt bench-ab.txt bench-tidb.txt bench-curve.txt cover.out
