#!/bin/sh
# Unloading the module with live pagemaps tears them all down cleanly.
modprobe memremap_ctl || { echo "not ok 1 - modprobe memremap_ctl"; exit 1; }
exec ./abi/memremap-abi-test unload_with_live_pagemaps
