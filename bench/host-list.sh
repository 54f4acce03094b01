#!/bin/sh
# `list -j` against a raw read of the same files, on canned sysfs trees of
# growing size (host, unprivileged). Needs a build (test/build).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$repo/build/stage/usr/bin:$PATH"
export LD_LIBRARY_PATH="$repo/build/stage/usr/lib"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "# host, canned sysfs trees; mean of 10 runs"
printf '%9s  %12s  %12s  %6s\n' pagemaps "list -j ms" "cat ms" ratio
for n in 10 100 1000 5000; do
	sh "$repo/test/unit/mktree.sh" "$tmp/t$n" "$n"
	sh "$repo/bench/list-sysfs.sh" --sysroot "$tmp/t$n"
done
