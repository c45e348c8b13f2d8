#!/usr/bin/env bash
# Benchmarks ec2-local at 2,500 groups x (60 + 60) rules in one region. Prints the figures that
# README.md records. Builds in release; the server runs as its own process on a fresh state file.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p ec2-local -p sg-bench
state=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$state"' EXIT
./target/release/ec2-local --listen 127.0.0.1:0 --state "$state/state.db" --seed empty > "$state/out" &
server=$!
for _ in $(seq 50); do grep -q listening "$state/out" 2>/dev/null && break; sleep 0.1; done
url=$(awk '/listening/ {print $NF}' "$state/out")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(date -u +%Y-%m-%d)"
./target/release/ec2-local-bench "$url" "$server"
echo "state file: $(du -h "$state/state.db" | cut -f1) (+ WAL $(du -h "$state/state.db-wal" 2>/dev/null | cut -f1))"
