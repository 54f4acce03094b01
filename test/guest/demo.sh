#!/bin/sh
# shellcheck disable=SC2034 # rc is read by the eval in check()
# The README's main job, as test/quickstart runs it: a pagemap with an
# altmap on the reserved range at 4 GiB (memmap=1G!4G), listed as JSON,
# then destroyed. Shows each command and its output, and checks them.
n=0
check() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
show() {
	echo "# $*"
	out=$("$@" 2>&1)
	rc=$?
	echo "$out"
}

echo "# --- /proc/iomem: the range memmap=1G!4G reserved"
grep "Persistent Memory" /proc/iomem
show memremapctl create --start 0x100000000 --size 1G --altmap --reserve 2M --name demo
check "create exits 0" '[ $rc -eq 0 ]'
show memremapctl list -j
check "list -j shows demo with its struct pages in the altmap" \
	'echo "$out" | jq -e ".[0].name == \"demo\" and .[0].memmap_location == \"altmap\" and .[0].data_offset == 2097152 + .[0].memmap_bytes" >/dev/null'
echo "# --- /proc/iomem while it exists"
grep -A1 "100000000-13fffffff : Persistent" /proc/iomem
show memremapctl destroy demo
check "destroy exits 0" '[ $rc -eq 0 ]'
show memremapctl list -j
check "nothing left" '[ "$out" = "[]" ]'
