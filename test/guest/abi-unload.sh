#!/bin/sh
# Unloading the module with live pagemaps tears them all down cleanly,
# also a p2pdma pagemap and private pages still in a process.
# vm-options: --ivshmem 256M
modprobe memremap_ctl || { echo "not ok 1 - modprobe memremap_ctl"; exit 1; }
exec ./abi/memremap-abi-test unload_with_live_pagemaps unload_with_device_pages
