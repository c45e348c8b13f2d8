#!/usr/bin/env bash
# Benchmarks SG Console's pages at 2,500 groups x (60 + 60) rules in one region (release build):
# the list, a group, the region's findings and a reach query.
# Reports, per page: the server's time from its Server-Timing header (waiting on EC2 vs its own),
# EC2 calls per page view from ec2-local's counters, and the gzipped bytes a browser downloads
# for the first view; then the same for a 20-rule mixed save of the rule editor. Installs what it needs, as `scripts/run --release` does.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_build_tools
ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_wasm_opt

cargo leptos build --release
cargo build --release -p ec2-local -p sg-bench

work=$(mktemp -d)
cleanup() { kill "${console:-}" "${ec2:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
./target/release/ec2-local --listen 127.0.0.1:0 --state "$work/ec2.db" --seed empty > "$work/ec2.out" &
ec2=$!
for _ in $(seq 50); do grep -q listening "$work/ec2.out" 2>/dev/null && break; sleep 0.1; done
ec2_url=$(awk '/listening/ {print $NF}' "$work/ec2.out")
./target/release/ec2-local-bench seed "$ec2_url"

port=3390
bench_password='bench password of some length'
printf '%s\n' "$bench_password" | ./target/release/sg-console --data-dir "$work/console" user add bench --role editor > /dev/null
AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench ./target/release/sg-console --listen "127.0.0.1:$port" \
  --data-dir "$work/console" --ec2 "$ec2_url" --regions us-east-1 > "$work/console.out" 2>&1 &
console=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" -o /dev/null && break; sleep 0.2; done
site="http://127.0.0.1:$port"
# Every page needs a signed-in person: the bench account signs in once, its cookie kept.
curl -s -c "$work/cookies" -H "Origin: $site" --data-urlencode name=bench --data-urlencode "password=$bench_password" \
  "$site/signin" -o /dev/null
get() { curl -s -b "$work/cookies" "$@"; }

group_id=$(get "$site/security-groups?region=us-east-1&q=bench-1234" | grep -o 'sg-[0-9a-f]\{17\}' | head -1)
[ -n "$group_id" ] || { echo "bench-1234 not found: seeding failed?" >&2; exit 1; }

# Median of 5 Server-Timing readings for a page, and the EC2 calls one view of it costs.
measure() {
  local name=$1 path=$2
  curl -s -X POST "$ec2_url/_local/counters/reset" -o /dev/null
  get "$site$path" -o /dev/null
  local calls
  calls=$(curl -s "$ec2_url/_local/counters" | tr -d '{}"' | tr ',' '\n' | awk -F: '{s+=$2} END {print s}')
  local rows=()
  for _ in 1 2 3 4 5; do
    # server-timing: ec2;dur=12.3;desc="EC2", app;dur=4.5;desc="SG Console"
    rows+=("$(get -D - -o /dev/null "$site$path" | tr -d '\r' \
      | awk -F'dur=' 'tolower($1) ~ /^server-timing:/ {split($2, a, ";"); split($3, b, ";"); print a[1], b[1]}')")
  done
  printf '%s\n' "${rows[@]}" | sort -n -k1 | sed -n 3p | {
    read -r ec2_ms app_ms
    printf '%-12s EC2 %8.1f ms   console %7.1f ms   EC2 calls per view: %s\n' "$name" "$ec2_ms" "$app_ms" "$calls"
  }
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(date -u +%Y-%m-%d); release build"
echo "data: 2,500 groups in us-east-1, 60 inbound + 60 outbound rules each (median of 5 views)"
measure "list page" "/security-groups?region=us-east-1"
measure "detail page" "/security-groups/us-east-1/$group_id"
measure "findings" "/findings?region=us-east-1"
measure "reach query" "/reach?region=us-east-1&source=10.20.30.40&protocol=tcp&port=1010"

# What a browser downloads for the first view of a page, gzipped: the page and every file it
# links to (styles, the JS glue and the WASM, whose names the page gives).
first_view() {
  local path=$1 total=0 bytes assets
  assets=$(get "$site$path" | grep -o 'href="/pkg/[^"]*"' | cut -d'"' -f2 | sort -u)
  for url in "$site$path" $(printf "$site%s " $assets); do
    bytes=$(get --compressed -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$url")
    printf '  %-60s %9s bytes\n' "${url#"$site"}" "$bytes"
    total=$((total + bytes))
  done
  echo "  total (gzipped): $total bytes"
}
echo "first view (the list page), gzipped:"
first_view "/security-groups?region=us-east-1"

python3 bench/mixed_save.py "$site" "$ec2_url" "$group_id" bench "$bench_password"
