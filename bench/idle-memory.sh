#!/usr/bin/env bash
# Idle resident memory of `attt serve` (SPEC §4: ≤ 60 MB): start on a fresh
# SQLite data directory (with --demo if given), sign in N times, wait, and
# print the resident set size.
#   bench/idle-memory.sh [--demo]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/attt
go build -o "$bin" ./cmd/attt
data=$(mktemp -d)
port=18$((RANDOM % 900 + 100))
"$bin" serve --data "$data" --addr 127.0.0.1:$port "$@" >"$data/out.txt" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data" "$(dirname "$bin")"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.2; done
sleep 3
echo "idle after start: $(ps -o rss= -p $pid | awk '{printf "%.1f MB", $1/1024}')"
for _ in $(seq 20); do
  curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"login":"nobody","password":"Wrong#Guess-123"}' "http://127.0.0.1:$port/api/v1/login"
done
echo "right after 20 sign-in attempts: $(ps -o rss= -p $pid | awk '{printf "%.1f MB", $1/1024}')"
sleep 30
echo "idle 30 s later: $(ps -o rss= -p $pid | awk '{printf "%.1f MB", $1/1024}')"
