#!/bin/sh
# vm-options: --numa 2
# Pagemaps placed on a chosen NUMA node (sysfs, /proc/zoneinfo), the
# default node, an offline node and one that cannot exist refused: through
# the ioctl (abi_test.c numa_placement), then through memremapctl. The
# guest has nodes 0 and 1 online and node 2 possible but offline.
. "$(dirname "$0")/cli-common.subr"

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }
abi_tests numa_placement
# the ABI test leaves its pagemaps (each test starts by clearing them)
ctl destroy all

ctl create --start $A --size 128M --numa-node 1 --name on1 -j
jqok '.numa_node == 1' "create --numa-node 1 puts the pagemap on node 1"
id=$(printf '%s' "$out" | jq -r .id 2> /dev/null)
if [ "$(cat "/sys/class/memremap/pagemap$id/numa_node" 2>&1)" = 1 ]; then
	pass "  ... as sysfs says"
else
	fail "  ... as sysfs says" "pagemap$id: $(cat "/sys/class/memremap/pagemap$id/numa_node" 2>&1)"
fi
refused 1 "NUMA node 2 is offline" "create --numa-node 2 (possible, offline): exit 1 naming it" \
	create --start 0x90000000 --size 128M --numa-node 2
refused 1 "NUMA node 3 does not exist" "create --numa-node 3: exit 1 naming it" \
	create --start 0x90000000 --size 128M --numa-node 3
finish
