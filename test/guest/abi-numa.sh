#!/bin/sh
# vm-options: --numa 2
# Pagemaps placed on a chosen NUMA node, the default node, and an offline
# node refused.
modprobe memremap_ctl || { echo "not ok 1 - modprobe memremap_ctl"; exit 1; }
exec ./abi/memremap-abi-test numa_placement
