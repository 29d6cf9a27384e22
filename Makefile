# 述职报告向导 — developer commands. See README.md.
#
#   make serve    install what is missing, build, serve at http://127.0.0.1:8080
#   make test     install what is missing, run every test tier
#   make build    release build into dist/          make size   first-load sizes (gzip -9)
#   make preview-docx                               make fmt / make clippy

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Tools installed by scripts/setup.sh: cargo's bin dir, and e2e/node_modules/.bin for wasm-opt.
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(CURDIR)/e2e/node_modules/.bin:$(PATH)
# Browser tier: wasm-bindgen-test-runner drives Debian's Chromium through its ChromeDriver.
export CHROMEDRIVER := /usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON := $(CURDIR)/webdriver.json
# The runner gives a whole test binary 20 s by default; the storage faults suite waits on real
# debounces and saves a 1,000,000-character draft, which a loaded 2-core machine can stretch.
export WASM_BINDGEN_TEST_TIMEOUT := 240
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT := 30
export DEBIAN_FRONTEND := noninteractive
# Trunk must never reach the network: no update check, no tool downloads (Trunk.toml has offline).
export TRUNK_SKIP_VERSION_CHECK := true

TRUNK := trunk --offline --quiet
WASM := --target wasm32-unknown-unknown
BROWSER_TESTS := $(patsubst tests/%.rs,--test %,$(wildcard tests/browser*.rs))

.PHONY: help setup serve build size bench test test-native test-browser test-e2e preview-docx fmt clippy clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-14s %s\n", $$1, $$2 }'

setup: ## install whatever is missing (scripts/setup.sh; the other targets run it)
	@$(if $(SETUP_DONE),true,bash scripts/setup.sh)

serve: setup ## build and serve the app at http://127.0.0.1:8080 (RELEASE=1: release build)
	@echo "serving at http://127.0.0.1:8080/ (Ctrl-C stops)"
	@$(TRUNK) serve --dist target/serve $(if $(RELEASE),--release,)

build: setup ## release build (wasm-opt -Oz) into dist/
	@CARGO_TERM_QUIET=true $(TRUNK) build --release
	@echo "dist/ built (release)"

size: build ## gzip -9 size of every file the first page load fetches, and the total
	@node e2e/size.mjs dist

bench: build ## sizes, startup, typing, autosave, export vs npm docx, import (bench/; target/bench/)
	@bash scripts/bench.sh

test: setup ## every test tier: native, browser (wasm-bindgen-test), e2e (Playwright)
	@# -k: every tier runs even when an earlier one fails; make still exits non-zero.
	@$(MAKE) --no-print-directory -k SETUP_DONE=1 test-native test-browser test-e2e

test-native: setup ## tier 1: cargo test (core, CLI, tidy)
	@echo "== native tests (cargo test)"
	@cargo test --quiet --no-fail-fast

test-browser: setup ## tier 2: wasm-bindgen-test in headless Chromium (tests/browser*.rs)
	@echo "== browser tests (wasm-bindgen-test, headless Chromium)"
	@# Build quietly first: `cargo test --quiet` would pass --quiet on to the runner, which rejects it.
	@cargo test --quiet --no-run $(WASM) $(BROWSER_TESTS)
	@cargo test --no-fail-fast $(WASM) $(BROWSER_TESTS)

test-e2e: build ## tier 3: Playwright against the release build in dist/ (e2e/*.test.mjs)
	@echo "== e2e tests (Playwright, release build)"
	@node --test --test-reporter=spec e2e/

preview-docx: setup ## render a sample .docx to PNG pages to look at (scripts/preview-docx.sh)
	@bash scripts/preview-docx.sh

fmt: ## format the Rust code
	cargo fmt --all

clippy: ## lint native and wasm32 builds
	cargo clippy --all-targets --quiet -- -D warnings
	cargo clippy $(WASM) --lib --bins --quiet -- -D warnings

clean: ## remove build output (target/, dist/)
	cargo clean
	rm -rf dist
