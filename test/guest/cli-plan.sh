#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# apply --dry-run decides as apply does: one configuration with a section of
# every kind (start and size, a /proc/iomem resource, a disabled namespace,
# a dax region's free capacity, a resource nobody has, an enabled
# namespace, a resource with no room, a name taken by another pagemap, a
# name whose pagemap is already as asked; the dax region only where the
# kernel has dax_hmem), planned with --dry-run -j and
# then applied with -j: section by section the same outcome (to_create
# where apply created) and the same reason, and the same exit status.
# vm-options: --nvdimm 1G --memmap 512M!2G --memmap 256M$0x100000000 --memmap 256M%0x100000000-2+0xefffffff
. "$(dirname "$0")/cli-common.subr"

for m in nfit nd_pmem nd_btt dax_pmem device_dax memremap_ctl; do
	modprobe $m || { fail "modprobe $m"; finish; exit 1; }
done
# a dax region needs dax_hmem (CONFIG_DEV_DAX_HMEM: Debian's kernels have
# it; the debug and mainline kernels, without EFI, do not)
hmem=true
if ! modprobe dax_hmem 2> /dev/null; then
	hmem=false
	skip "a dax_region section: dry run and apply agree" "kernel without dax_hmem (CONFIG_DEV_DAX_HMEM)"
fi

# a namespace to take (disabled) and one in use (enabled fsdax)
R=$(ndctl list -R | jq -r '.[0].dev')
N=$(ndctl list -D | jq -r '.[0].dev')
ndctl disable-region "$R" > /dev/null && ndctl init-labels "$N" > /dev/null &&
	ndctl enable-region "$R" > /dev/null || fail "labels on $N"
FREE=$(ndctl create-namespace -r "$R" -m raw -s 128M | jq -r '.dev')
BUSY=$(ndctl create-namespace -r "$R" -m fsdax -s 96M | jq -r '.dev')
ndctl disable-namespace "$FREE" > /dev/null || fail "ndctl disable-namespace $FREE"
# a dax region with 192 MiB no dax device holds (as in cli-ranges.sh)
REG=- DEV=-
if $hmem; then
	REG=$(daxctl list -R | jq -r '.[] | select(.path | test("hmem")) | .id')
	DEV=$(daxctl list -R -D | jq -r '.[] | select(.path | test("hmem")) | .devices[0].chardev')
	daxctl disable-device "$DEV" > /dev/null 2>&1
	echo 0 > "/sys/bus/dax/devices/$DEV/size"
	echo $((64 * MiB)) > "/sys/bus/dax/devices/$DEV/size"
	daxctl enable-device "$DEV" > /dev/null 2>&1
fi
echo "# namespaces $FREE (disabled), $BUSY (fsdax); dax region region$REG ($DEV)"
if [ -z "$FREE" ] || [ -z "$BUSY" ] || [ -z "$REG" ] || [ -z "$DEV" ]; then
	fail "the guest has namespaces and a dax region" "$(ndctl list -N 2>&1)" \
		"$(daxctl list -RD 2>&1)"
	finish
	exit 1
fi

# pagemaps there before: one as its section asks, one of a name taken.
# The sections that create come last, so that every other section is
# decided on the same state in both runs (their reasons name owners).
ctl create --start 0x9c000000 --size 64M --name same
[ "$rc" -eq 0 ] || fail "create same" "$err"
ctl create --start 0x98000000 --size 64M --name clash
[ "$rc" -eq 0 ] || fail "create clash" "$err"

conf=$tmp/conf.d
mkdir -p "$conf"
cat > "$conf/10-plan.conf" <<CONF
[pagemap nores]
resource = No Such Range

[pagemap busy]
namespace = $BUSY

[pagemap toobig]
resource = Persistent Memory (legacy)
size = 1G

[pagemap clash]
start = 0x98000000
size = 128M

[pagemap same]
start = 0x9c000000
size = 64M

[pagemap plain]
start = 0x80000000
size = 128M

[pagemap fromres]
resource = Persistent Memory (legacy)
size = 128M

[pagemap fromns]
namespace = $FREE
CONF
if $hmem; then
	printf '\n[pagemap fromdax]\ndax_region = region%s\n' "$REG" >> "$conf/10-plan.conf"
fi

snapshot
ctl apply --config "$conf" --dry-run -j
dry=$out dry_rc=$rc
unchanged "apply --dry-run changed no pagemap"
ctl apply --config "$conf" -j
real=$out real_rc=$rc

# outcome and reason per section; a dry run's to_create is apply's created
summary() {
	printf '%s' "$1" | jq -c '[.sections[] | {name, line,
		outcome: (if .outcome == "to_create" then "created" else .outcome end), reason}]'
}
want='["nores","waiting"],["busy","waiting"],["toobig","conflict"],["clash","conflict"],
	["same","unchanged"],["plain","created"],["fromres","created"],["fromns","created"]'
names="plain fromres fromns nores busy toobig clash same"
again='"waiting","waiting","conflict","conflict","unchanged","unchanged","unchanged","unchanged"'
if $hmem; then
	want="$want"',["fromdax","created"]'
	names="$names fromdax"
	again="$again"',"unchanged"'
fi
out=$real
jqok "[.sections[] | [.name, .outcome]] == [$want]" \
	"apply: created, waiting, conflicting and unchanged sections of every kind"
out=$dry
jqok "[.sections[] | [.name, (if .outcome == \"to_create\" then \"created\" else .outcome end)]]
	== [$want] and .dry_run == true" "apply --dry-run: the same outcomes, to_create for created"
for name in $names; do
	d=$(summary "$dry" | jq -c ".[] | select(.name == \"$name\")")
	a=$(summary "$real" | jq -c ".[] | select(.name == \"$name\")")
	if [ -n "$d" ] && [ "$d" = "$a" ]; then
		pass "section $name: dry run and apply agree ($a)"
	else
		fail "section $name: dry run and apply agree" "dry run: $d" "apply:   $a"
	fi
done
if [ "$dry_rc" -eq "$real_rc" ]; then
	pass "dry run and apply: the same exit status ($real_rc)"
else
	fail "dry run and apply: the same exit status" "dry run $dry_rc, apply $real_rc"
fi
# planned again now: what was created is unchanged, the rest as before
ctl apply --config "$conf" --dry-run -j
jqok "[.sections[] | .outcome] == [$again]" \
	"apply --dry-run after apply: the created sections are unchanged"
finish
