#!/bin/sh
# Benchmark: `memremapctl list -j` against a raw read of the same sysfs
# files (one cat of every attribute of every pagemap: the floor any lister
# must pay). Runs on the host on canned sysfs trees (bench/host-list.sh),
# or in a guest with real pagemaps (bench/guest-list.sh).
#
#   bench/list-sysfs.sh [--sysroot DIR] [REPEATS]
# Prints one table row: pagemaps, mean ms of each over REPEATS runs, ratio.
# Busybox has no nanosecond clock, so time is read from /proc/uptime
# (10 ms steps) around all the runs of one command.
set -eu
sysroot="" repeats=10
if [ "${1:-}" = --sysroot ]; then sysroot=$2; shift 2; fi
[ $# -gt 0 ] && repeats=$1
class=$sysroot/sys/class/memremap
ctl() { if [ -n "$sysroot" ]; then memremapctl --sysroot "$sysroot" "$@"; else memremapctl "$@"; fi; }
uptime_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

count=$(ls "$class" 2>/dev/null | wc -l)
list=$(mktemp)
for d in "$class"/*/; do
	for a in id name type start size numa_node align altmap altmap_reserve \
		altmap_free altmap_alloc memmap_bytes memmap_location data_offset \
		parent parent_start parent_size; do
		echo "$d$a"
	done
done >"$list"

# mean milliseconds of $repeats runs of "$@"
mean_ms() {
	i=0
	a=$(uptime_cs)
	while [ "$i" -lt "$repeats" ]; do
		"$@" >/dev/null
		i=$((i + 1))
	done
	b=$(uptime_cs)
	awk -v d=$((b - a)) -v n="$repeats" 'BEGIN { printf "%.1f\n", d * 10 / n }'
}
read_all() { xargs cat <"$list"; }

ml=$(mean_ms ctl list -j)
mc=$(mean_ms read_all)
rm -f "$list"
awk -v n="$count" -v l="$ml" -v c="$mc" \
	'BEGIN { printf "%9d  %12.1f  %12.1f  %6.2f\n", n, l, c, (c > 0 ? l / c : 0) }'
