#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Pagemaps on NVDIMM namespaces (an emulated, file-backed NVDIMM with
# labels): refused while a namespace is enabled, in every mode, naming the
# mode and device; created on a disabled one, or with --force after
# disabling it through libndctl; list shows where the range came from;
# destroy leaves the namespace disabled and says how to re-enable it, and
# re-enabling gives back the namespace as it was. Conflicts name the owner
# as ndctl and daxctl users know it, through memremapctl and through the
# library's create call.
# vm-options: --nvdimm 1G --memmap 512M!2G
. "$(dirname "$0")/cli-common.subr"

for m in nfit nd_pmem nd_btt dax_pmem device_dax memremap_ctl; do
	modprobe $m || { fail "modprobe $m"; finish; exit 1; }
done
# a fresh NVDIMM has no labels: one raw namespace over everything
R=$(ndctl list -R | jq -r '.[0].dev')
N=$(ndctl list -D | jq -r '.[0].dev')
if [ -z "$R" ] || [ "$R" = null ]; then
	fail "the guest has an NVDIMM region" "$(ndctl list -RD 2>&1)"
	finish
	exit 1
fi
ndctl disable-region "$R" > /dev/null && ndctl init-labels "$N" > /dev/null &&
	ndctl enable-region "$R" > /dev/null || fail "labels on $N"
# one namespace per mode; the devdax one first, at the region's 1 GiB
# aligned start, so that an altmap (128 MiB sections) fits it
for mode in devdax:256M fsdax:96M raw:64M sector:64M; do
	ndctl create-namespace -r "$R" -m "${mode%:*}" -s "${mode#*:}" > /dev/null ||
		fail "ndctl create-namespace -m $mode"
done
nsof() { ndctl list -N | jq -r ".[] | select(.mode == \"$1\") | .dev"; }
DAX=$(nsof devdax) FS=$(nsof fsdax) RAW=$(nsof raw) SEC=$(nsof sector)
CHR=$(ndctl list -N -n "$DAX" | jq -r '.[0].chardev')
echo "# namespaces: devdax $DAX ($CHR), fsdax $FS, raw $RAW, sector $SEC"

# --- list -R: the region and what holds it
ctl list -R -j
jqok "any(.[]; .name == \"Persistent Memory\" and .kind == \"iomem\"
	and ([.owners[].description] | index(\"$FS (fsdax, /dev/$(ndctl list -N -n "$FS" | jq -r '.[0].blockdev'))\") != null)
	and ([.owners[].description] | index(\"$CHR (devdax, $DAX)\") != null))" \
	"list -R shows the NVDIMM region with its namespaces and dax device, by mode and device"
jqok "any(.[]; .kind == \"dax_region\" and (.owners | length) == 1
	and .owners[0].description == \"$CHR (devdax, $DAX)\" and .free == 0)" \
	"list -R shows the devdax namespace's dax region, held by its dax device"
jqok "all(.[]; .kind != \"namespace\")" "list -R lists no enabled namespace as a candidate"

# --- refusals while enabled, in each mode
for ns in $DAX $FS $RAW $SEC; do
	mode=$(ndctl list -N -n "$ns" | jq -r '.[0].mode')
	dev=$(ndctl list -N -n "$ns" | jq -r '.[0] | .blockdev // .chardev')
	refused 1 "$ns ($mode, /dev/$dev) is enabled: disable it first (ndctl disable-namespace $ns) or add --force" \
		"create --namespace of an enabled $mode namespace: exit 1 naming mode and device" \
		create --namespace "$ns"
	# ndctl list -N (without -i) lists enabled namespaces only
	if [ "$(ndctl list -N -n "$ns" | jq -r '.[0].mode')" = "$mode" ]; then
		pass "  ... and $ns is still enabled as $mode"
	else
		fail "  ... and $ns is still enabled as $mode" "$(ndctl list -N -i -n "$ns" 2>&1)"
	fi
done
# a range inside an enabled namespace: the owner in user terms
fs_start=$(cat "/sys/bus/nd/devices/$FS/resource")
refused 1 "is claimed by $FS (fsdax, /dev/pmem" \
	"a range in an enabled fsdax namespace names it" \
	create --start "$fs_start" --size 64M
dax_start=$(cat "/sys/bus/dax/devices/$CHR/resource")
refused 1 "overlaps $CHR (devdax, $DAX)" "a range in a dax device names the device" \
	create --start "$dax_start" --size 64M
# the library's own create call names owners the same way
run /usr/bin/memremap-example "$fs_start" 67108864
if [ "$rc" -ne 0 ] && printf '%s' "$err$out" | grep -q "claimed by $FS (fsdax, /dev/pmem"; then
	pass "the library's create call names the namespace too"
else
	fail "the library's create call names the namespace too" "exit status $rc" "$out" "$err"
fi

# --- a disabled namespace
ndctl disable-namespace "$RAW" > /dev/null || fail "ndctl disable-namespace $RAW"
raw_start=$(cat "/sys/bus/nd/devices/$RAW/resource")
ctl list -R -j
jqok "any(.[]; .kind == \"namespace\" and .name == \"$RAW\" and .free == 67108864
	and .description == \"$RAW (disabled)\" and .parent == \"Persistent Memory\")" \
	"list -R offers the disabled namespace, all of it free"
ctl create --namespace "$RAW" --name onns -j
jqok "$PAGEMAP_SHAPE and .namespace == \"$RAW\" and .start == $((raw_start)) and .size == 67108864
      and .parent == \"Persistent Memory\" and .dax_region == null" \
	"create --namespace on a disabled namespace takes all of it"
ctl list -j -n onns
jqok ".[0].namespace == \"$RAW\"" "list shows the namespace the pagemap came from"
ctl list -R -j
jqok "any(.[]; .name == \"$RAW\" and .free == 0 and .owners[0].description == \"pagemap0 \\\"onns\\\"\")" \
	"list -R shows the namespace held by the pagemap"
ctl create --namespace "$RAW" --name onns
if [ "$rc" -eq 0 ]; then pass "the same create --namespace again succeeds"; else fail "the same create --namespace again succeeds" "$err"; fi
refused 1 "--namespace $FS differs from pagemap0 \"onns\", which lies in $RAW" \
	"the same name on another namespace: exit 1 naming both" create --namespace "$FS" --name onns
ctl destroy onns
if [ "$rc" -eq 0 ] && printf '%s' "$err" | grep -qF "$RAW stays disabled; to use it again: ndctl enable-namespace $RAW"; then
	pass "destroy says the namespace stays disabled and how to enable it"
else
	fail "destroy says the namespace stays disabled and how to enable it" "$out" "$err"
fi
if [ ! -e "/sys/bus/nd/devices/$RAW/driver" ] && [ -z "$(ndctl list -N -n "$RAW")" ]; then
	pass "  ... and the namespace is still disabled after destroy"
else
	fail "  ... and the namespace is still disabled after destroy" "$(ndctl list -N -i -n "$RAW" 2>&1)"
fi
if ndctl enable-namespace "$RAW" > /dev/null 2>&1 && [ -b "/dev/$(ndctl list -N -n "$RAW" | jq -r '.[0].blockdev')" ]; then
	pass "re-enabling the raw namespace works, its block device is back"
else
	fail "re-enabling the raw namespace works" "$(ndctl list -N -n "$RAW" 2>&1)"
fi

# --- --force: disabled through libndctl, and back as it was
# a --force create that then fails enables the namespace again
refused 1 "disabled $FS (fsdax, /dev/pmem" \
	"--force with a size the namespace cannot hold: exit 1" \
	create --namespace "$FS" --force --size 1G
expect 1 "then enabled it again" "  ... saying it enabled the namespace again"
expect 1 "has no free extent of 1G" "  ... and why the create failed"
if [ "$(ndctl list -N -n "$FS" | jq -r '.[0].mode')" = fsdax ]; then
	pass "  ... and $FS is enabled as fsdax again"
else
	fail "  ... and $FS is enabled as fsdax again" "$(ndctl list -N -i -n "$FS" 2>&1)"
fi
ctl create --namespace "$FS" --force --name forced -j
if [ "$rc" -eq 0 ] && printf '%s' "$err" | grep -qF "disabled $FS (fsdax, /dev/pmem"; then
	pass "create --namespace --force disables an fsdax namespace and says so"
else
	fail "create --namespace --force disables an fsdax namespace and says so" "exit status $rc" "$err"
fi
memremapctl destroy forced > /dev/null 2>&1
ndctl enable-namespace "$FS" > /dev/null 2>&1
if [ "$(ndctl list -N -n "$FS" | jq -r '.[0].mode')" = fsdax ]; then
	pass "re-enabled, the namespace is fsdax again"
else
	fail "re-enabled, the namespace is fsdax again" "$(ndctl list -N -n "$FS")"
fi
# with an altmap the struct pages go into the namespace: its info block stays
ctl create --namespace "$DAX" --force --altmap --name dd -j
jqok ".altmap.reserve == 8192 and .memmap_location == \"altmap\" and .namespace == \"$DAX\"" \
	"--force --altmap on a devdax namespace keeps its first 8 KiB (the info block)"
memremapctl destroy dd > /dev/null 2>&1
ndctl enable-namespace "$DAX" > /dev/null 2>&1
if [ "$(ndctl list -N -n "$DAX" | jq -r '.[0].mode')" = devdax ] && [ -c "/dev/$CHR" ]; then
	pass "re-enabled after the altmap, the namespace is devdax with /dev/$CHR again"
else
	fail "re-enabled after the altmap, the namespace is devdax again" "$(ndctl list -N -n "$DAX")"
fi
# --force refused while the namespace is in use: its memory online as System RAM
if modprobe kmem 2> /dev/null && daxctl reconfigure-device -m system-ram -f "$CHR" > /dev/null 2>&1; then
	refused 1 "cannot disable $DAX (devdax, /dev/$CHR): Device or resource busy" \
		"--force on a namespace whose memory is online: exit 1, namespace left alone" \
		create --namespace "$DAX" --force
	if [ "$(ndctl list -N -n "$DAX" | jq -r '.[0].mode')" = devdax ]; then
		pass "  ... and the namespace is still enabled"
	else
		fail "  ... and the namespace is still enabled" "$(ndctl list -N -n "$DAX")"
	fi
	# kmem claims whole memory blocks only: the rest of the device shows in
	# no /proc/iomem line, and is still refused, by its dax device
	refused 1 "overlaps $CHR (system-ram, $DAX)" \
		"a range in the part of a system-ram dax device kmem left unclaimed names the device" \
		create --start "$dax_start" --size 2M
else
	skip "--force refused while the namespace's memory is online" "kmem could not online $CHR"
fi
finish
