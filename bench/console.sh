#!/usr/bin/env bash
# Benchmarks SG Console's pages at 2,500 groups x (60 + 60) rules in one region (release build):
# the list, a group, the region's findings and a reach query, and the download of every finding.
# Reports, per page: the server's time from its Server-Timing header (waiting on EC2 vs its own)
# and the EC2 calls of one view from ec2-local's counters, for a first view (a new read of the
# region) and for a view within the snapshot's TTL; 20 concurrent first views of the list (EC2
# calls, time, the console's peak memory); the gzipped bytes a browser downloads for the first
# view of each page; the global view over 1 and 17 regions at 100 ms of EC2 latency; then a
# 20-rule mixed save of the rule editor. Installs what it needs, as `scripts/run --release` does.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_build_tools
ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_wasm_opt

cargo leptos build --release --split
target/release/sg-console precompress
cargo build --release -p ec2-local -p sg-bench

work=$(mktemp -d)
cleanup() { kill "${console:-}" "${ec2:-}" "${ec2_17:-}" "${sandbox:-}" 2>/dev/null || true; rm -rf "$work"; }
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

now_ms() { date +%s%3N; }

# The EC2 calls ec2-local answered since its counters were last reset, all actions together.
ec2_calls() { curl -s "$ec2_url/_local/counters" | tr -d '{}"' | tr ',' '\n' | awk -F: '{s+=$2} END {print s+0}'; }

# "EC2-ms console-ms" of one view, from its Server-Timing header:
# server-timing: ec2;dur=12.3;desc="EC2", app;dur=4.5;desc="SG Console"
timing() {
  get -D - -o /dev/null "$1" | tr -d '\r' \
    | awk -F'dur=' 'tolower($1) ~ /^server-timing:/ {split($2, a, ";"); split($3, b, ";"); print a[1], b[1]}'
}

# The median of 5 timings, by console time.
median() { sort -n -k2 | sed -n 3p; }

# One kind of view of `url`: the EC2 calls of one view, and the median of 5 by console time. A
# `NOW` in `url` is the time of each view (`refresh=NOW` asks for a read of EC2 newer than it).
view() {
  local name=$1 kind=$2 url=$3 rows calls
  curl -s -X POST "$ec2_url/_local/counters/reset" -o /dev/null
  get "${url//NOW/$(now_ms)}" -o /dev/null
  calls=$(ec2_calls)
  rows=$(for _ in 1 2 3 4 5; do timing "${url//NOW/$(now_ms)}"; done | median)
  printf '%-12s %-12s  EC2 %8.1f ms   console %7.1f ms   EC2 calls: %s\n' "$name" "$kind" $rows "$calls"
}

# For a page from the snapshot: a first view and a view within the snapshot's TTL.
measure() {
  view "$1" "first view" "$site$2&refresh=NOW"
  view "$1" "within TTL" "$site$2"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(date -u +%Y-%m-%d); release build"
echo "data: 2,500 groups in us-east-1, 60 inbound + 60 outbound rules each (median of 5 views)"
measure "list page" "/security-groups?region=us-east-1"
measure "detail page" "/security-groups/us-east-1/$group_id?tab=inbound"
measure "findings" "/findings?region=us-east-1"
measure "reach query" "/reach?region=us-east-1&source=10.20.30.40&protocol=tcp&port=1010"

# The forms read fresh (no snapshot): the groups their rows name, and the VPC's other groups
# only when the browser asks for them for the Source/Destination suggestions.
view "rule editor" "page" "$site/security-groups/us-east-1/$group_id/inbound/edit"
view "create form" "page" "$site/security-groups/us-east-1/new"
view "copy form" "page" "$site/security-groups/us-east-1/$group_id/copy"
vpc_groups=$(get "$site/security-groups/us-east-1/$group_id/inbound/edit" | grep -o 'data-more="[^"]*"' | sed 's/^data-more="//; s/"$//; s/&amp;/\&/g')
view "suggestions" "VPC's groups" "$site$vpc_groups"

# Twenty people opening the list at once, each asking for a new read: one read of EC2 serves all.
curl -s -X POST "$ec2_url/_local/counters/reset" -o /dev/null
asked=$(now_ms)
started=$(date +%s%N)
views=()
for _ in $(seq 20); do
  get -o /dev/null "$site/security-groups?region=us-east-1&refresh=$asked" &
  views+=($!)
done
# Only these: a bare `wait` would also wait for the servers started above.
wait "${views[@]}"
elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
describes=$(curl -s "$ec2_url/_local/counters" | tr -d '{}"' | tr ',' '\n' | awk -F: '$1 == "DescribeSecurityGroups" {print $2}')
echo "20 concurrent first views of the list: $elapsed ms in all, DescribeSecurityGroups calls: $describes (one read: 3 pages)"
echo "console's peak memory so far: $(awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$console/status")"

# The download of every finding: the rules of every group read again, with their ids, and the
# file written as it is made. After the memory above, so that its own peak shows apart.
for format in csv json; do
  get -o /dev/null -w "findings download, every finding, $format: %{time_total} s, %{size_download} bytes\n" \
    "$site/findings/download?region=us-east-1&format=$format"
done
echo "console's peak memory after the downloads: $(awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$console/status")"

# What Chromium downloads for the first view of each page until it is hydrated, gzipped.
echo "first view of each page, gzipped (HTML + CSS + JS + WASM, until hydrated):"
ensure_chromium
ensure_end2end_packages
node bench/first_view.cjs "$site" bench "$bench_password" "/security-groups?region=us-east-1" \
  "/security-groups/us-east-1/$group_id" "/security-groups/us-east-1/$group_id/inbound/edit" \
  "/security-groups/us-east-1/new" "/security-groups/us-east-1/$group_id/copy" \
  "/security-groups/us-east-1/$group_id/tags" "/security-groups/us-east-1/delete?group=$group_id" \
  "/global" "/findings" "/reach" "/instances" "/launch-templates" "/activity"
# The forms of an instance, a launch template and the users, on the embedded sandbox's demo data
# (the benchmark's region has groups only), as its admin.
printf '%s\n' "$bench_password" | ./target/release/sg-console --data-dir "$work/sandbox" user add bench --role admin > /dev/null
./target/release/sg-console --listen 127.0.0.1:3393 --data-dir "$work/sandbox" > "$work/sandbox.out" 2>&1 &
sandbox=$!
sandbox_site=http://127.0.0.1:3393
for _ in $(seq 100); do curl -sf "$sandbox_site/healthz" -o /dev/null && break; sleep 0.2; done
curl -s -c "$work/cookies-sandbox" -H "Origin: $sandbox_site" --data-urlencode name=bench \
  --data-urlencode "password=$bench_password" "$sandbox_site/signin" -o /dev/null
sandbox_page() { curl -s -b "$work/cookies-sandbox" "$sandbox_site$1" | grep -o "$2" | head -1; }
instance_form=$(sandbox_page /instances '/instances/us-east-1/i-[0-9a-f]*/security-groups')
template_form=$(sandbox_page /launch-templates '/launch-templates/us-east-1/lt-[0-9a-f]*/new-version?source=[0-9]*')
node bench/first_view.cjs "$sandbox_site" bench "$bench_password" "$instance_form" "$template_form" /users
kill $sandbox

# The global view over 1 and over 17 regions of the demo data, at 100 ms per EC2 answer: each a
# console of its own, on an ec2-local of its own.
regions17=us-east-1,us-east-2,us-west-1,us-west-2,ca-central-1,sa-east-1,eu-west-1,eu-west-2,eu-west-3
regions17=$regions17,eu-central-1,eu-north-1,ap-northeast-1,ap-northeast-2,ap-northeast-3,ap-southeast-1
regions17=$regions17,ap-southeast-2,ap-south-1
./target/release/ec2-local --listen 127.0.0.1:0 --state "$work/ec2-17.db" --seed demo --regions "$regions17" \
  --latency-ms 100 > "$work/ec2-17.out" &
ec2_17=$!
for _ in $(seq 50); do grep -q listening "$work/ec2-17.out" 2>/dev/null && break; sleep 0.1; done
ec2_17_url=$(awk '/listening/ {print $NF}' "$work/ec2-17.out")
global() {
  local regions=$1 port=$2 pid ms
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench ./target/release/sg-console --listen "127.0.0.1:$port" \
    --data-dir "$work/console" --ec2 "$ec2_17_url" --regions "$regions" > "$work/global-$port.out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" -o /dev/null && break; sleep 0.2; done
  curl -s -c "$work/cookies-$port" -H "Origin: http://127.0.0.1:$port" --data-urlencode name=bench \
    --data-urlencode "password=$bench_password" "http://127.0.0.1:$port/signin" -o /dev/null
  ms=$(for _ in 1 2 3 4 5; do
    curl -s -b "$work/cookies-$port" -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/global?refresh=$(now_ms)"
  done | sort -n | sed -n 3p)
  kill $pid
  printf 'global view, %2s region(s) at 100 ms per EC2 answer: %6.0f ms (first view, median of 5)\n' \
    "$(tr ',' '\n' <<<"$regions" | wc -l)" "$(awk -v s="$ms" 'BEGIN {print s * 1000}')"
}
global us-east-1 3391
global "$regions17" 3392
kill $ec2_17

python3 bench/mixed_save.py "$site" "$ec2_url" "$group_id" bench "$bench_password"
