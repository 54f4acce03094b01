#!/bin/sh
# Benchmark: `memremapctl list -j` against a raw read of the same sysfs
# files (one cat of every attribute of every pagemap: the floor any lister
# must pay). Runs on the host on canned sysfs trees (test/unit/mktree.sh),
# or in a guest with real pagemaps (bench/guest-list.sh).
#
#   bench/list-sysfs.sh [--sysroot DIR] [REPEATS]
# Prints one table row: pagemaps, median ms of each, and the ratio.
set -eu
sysroot="" repeats=7
if [ "${1:-}" = --sysroot ]; then sysroot=$2; shift 2; fi
[ $# -gt 0 ] && repeats=$1
class=$sysroot/sys/class/memremap
ctl() { if [ -n "$sysroot" ]; then memremapctl --sysroot "$sysroot" "$@"; else memremapctl "$@"; fi; }

now_ns() { date +%s%N; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

count=$(ls "$class" 2>/dev/null | wc -l)
files=$(for d in "$class"/*/; do
	for a in id name type start size numa_node align altmap altmap_reserve \
		altmap_free altmap_alloc memmap_bytes memmap_location data_offset \
		parent parent_start parent_size; do
		echo "$d$a"
	done
done)

t_list="" t_cat=""
i=0
while [ "$i" -lt "$repeats" ]; do
	a=$(now_ns); ctl list -j >/dev/null; b=$(now_ns)
	# shellcheck disable=SC2086 # one argument per file
	echo $files | xargs cat >/dev/null; c=$(now_ns)
	t_list="$t_list $(( (b - a) / 1000 ))"
	t_cat="$t_cat $(( (c - b) / 1000 ))"
	i=$((i + 1))
done
ml=$(echo "$t_list" | tr ' ' '\n' | grep . | median)
mc=$(echo "$t_cat" | tr ' ' '\n' | grep . | median)
printf '%9d  %12.1f  %12.1f  %6.2f\n' "$count" "$(echo "$ml / 1000" | bc -l)" \
	"$(echo "$mc / 1000" | bc -l)" "$(echo "$ml / $mc" | bc -l)"
