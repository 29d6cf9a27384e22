#!/usr/bin/env bash
# Writes the hostile corpus (tests/hostile/corpus.rs: zip bombs, entity expansion, deep XML,
# huge counts, bad encodings, control and bidi characters, duplicate ids, oversized templates
# and backups) to a directory, to look at or to feed another tool. Offline; nothing downloaded.
#
#   scripts/hostile-corpus.sh [DIR]      (default: target/hostile-corpus)
#
# `make test` runs every file through the CLI with a time and memory limit (tests/hostile.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-target/hostile-corpus}"
mkdir -p "$dir"
HOSTILE_CORPUS_DIR="$(cd "$dir" && pwd)" cargo test --quiet --test hostile write_corpus -- --ignored >/dev/null
echo "hostile corpus: $(ls "$dir" | wc -l) files in $dir"
