#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# memremapctl create --pci DEVICE --bar N: p2pdma pagemaps on the BAR of the
# guest's ivshmem-plain device (0000:00:10.0, 256 MiB of RAM in BAR 2), and
# every wrong way to ask for one. On a kernel without CONFIG_PCI_P2PDMA the
# refusal is checked and the rest skipped.
# vm-options: --ivshmem 256M
. "$(dirname "$0")/cli-common.subr"

DEV=0000:00:10.0
sysdev=/sys/bus/pci/devices/$DEV

# binding: the device's driver and driver_override, as one word
binding() {
	drv=none
	[ -e "$sysdev/driver" ] && drv=$(basename "$(readlink "$sysdev/driver")")
	echo "$drv/$(cat "$sysdev/driver_override")"
}

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }

# --- usage errors: nothing is asked of the kernel (exit 2)
refused 2 "invalid --pci 'zz:10.0'" "--pci that is no PCI address: exit 2 quoting it" \
	create --pci zz:10.0 --bar 2
refused 2 "invalid --pci '00:20.0': a PCI slot is 00-1f" "--pci slot 20: exit 2" \
	create --pci 00:20.0 --bar 2
refused 2 "invalid --bar '6'" "--bar 6: exit 2 quoting it" create --pci $DEV --bar 6
refused 2 "missing --bar" "--pci without --bar: exit 2" create --pci $DEV
refused 2 "--bar needs --pci" "--bar without --pci: exit 2" create --start $A --size 2M --bar 2
refused 2 "--start does not go with --pci" "--pci with --start: exit 2" \
	create --pci $DEV --bar 2 --start $A
refused 2 "--pci is for type p2pdma, not fsdax" "--pci with --type fsdax: exit 2" \
	create --pci $DEV --bar 2 --type fsdax
refused 2 "missing --pci and --bar" "--type p2pdma without a BAR: exit 2" \
	create --type p2pdma --size 64M

ctl version -j
if ! printf '%s' "$out" | jq -e '.module.features | index("pci")' > /dev/null; then
	refused 5 "type p2pdma needs a kernel with CONFIG_PCI_P2PDMA" \
		"--pci on a kernel without P2PDMA: exit 5 naming the option" \
		create --pci $DEV --bar 2
	skip "p2pdma pagemaps on a PCI BAR" "kernel without CONFIG_PCI_P2PDMA"
	finish
	exit
fi
need_pci_bar
bound_before=$(binding)

# --- refusals by the kernel (exit 1), device left alone
refused 1 "there is no PCI device 0000:00:1f.7" "a device that does not exist: exit 1" \
	create --pci 00:1f.7 --bar 2
refused 1 "PCI device 0000:00:10.0 has no memory BAR 1" "a BAR the device lacks: exit 1" \
	create --pci $DEV --bar 1
refused 1 "does not fit in BAR 2 of PCI device 0000:00:10.0, which has 256 MiB" \
	"a size beyond the BAR: exit 1 naming its size" create --pci $DEV --bar 2 --size 512M
refused 1 "type p2pdma cannot have an altmap" "--altmap on BAR memory: exit 1" \
	create --pci $DEV --bar 2 --altmap
echo vfio-pci > "$sysdev/driver_override"
refused 1 "PCI device 0000:00:10.0 is kept for driver \"vfio-pci\" by its driver_override" \
	"a device kept for another driver: exit 1 naming it" create --pci $DEV --bar 2
echo > "$sysdev/driver_override"
if [ "$(binding)" = "$bound_before" ]; then
	pass "the refusals left the device as it was ($bound_before)"
else
	fail "the refusals left the device as it was" "before $bound_before, now $(binding)"
fi

# --- the whole BAR
ctl create --pci 00:10.0 --bar 2 --name p2p -j
jqok "$PAGEMAP_SHAPE and .type == \"p2pdma\" and .name == \"p2p\" and .start == $((bar_start))
      and .size == 268435456 and .pci == {\"device\": \"$DEV\", \"bar\": 2, \"offset\": 0}
      and .parent == \"$DEV\" and .altmap == null and .memmap_location == \"ram\"" \
	"create --pci --bar -j: the whole BAR as a p2pdma pagemap"
dev=$(printf '%s' "$out" | jq -r .dev)
if [ "$(binding)" = "memremap_ctl/memremap_ctl" ]; then
	pass "memremap_ctl is the device's driver while the pagemap lives"
else
	fail "memremap_ctl is the device's driver while the pagemap lives" "$(binding)"
fi
if grep -q "^ *[0-9a-f]*-[0-9a-f]* : $dev\$" /proc/iomem; then
	pass "/proc/iomem names $dev inside the BAR"
else
	fail "/proc/iomem names $dev inside the BAR" "$(cat /proc/iomem)"
fi
ctl create --pci $DEV --bar 2 --name p2p -j
jqok ".dev == \"$dev\"" "the same create again succeeds and prints the same pagemap"
refused 1 "--offset 64M differs from $dev \"p2p\" offset 0" \
	"create p2p at another offset: exit 1 naming the difference" \
	create --pci $DEV --bar 2 --offset 64M --name p2p
refused 1 "PCI device 0000:00:10.0 already has $dev \"p2p\"" \
	"a second pagemap on the device: exit 1 naming the first" \
	create --pci $DEV --bar 2 --offset 128M --size 64M
ctl list -v -t p2pdma
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | sed -n 2p | grep -q " $DEV  *2  *$DEV\$"; then
	pass "list -v shows the PCI device and BAR"
else
	fail "list -v shows the PCI device and BAR" "$out" "$err"
fi
ctl destroy p2p
if [ "$rc" -eq 0 ] && [ "$out" = "destroyed 1 pagemap" ] && [ "$(binding)" = "$bound_before" ]; then
	pass "destroy gives the device back ($bound_before)"
else
	fail "destroy gives the device back" "exit status $rc" "$out" "$err" "$(binding)"
fi

# --- part of the BAR
ctl create --pci $DEV --bar 2 --offset 64M --size 64M -j
jqok ".start == $((bar_start + 64 * MiB)) and .size == 67108864 and .pci.offset == 67108864" \
	"--offset and --size take part of the BAR"
memremapctl destroy all > /dev/null
finish
