#!/bin/sh
# vm-options: --ivshmem 256M
# Fault injection on the create and destroy paths: every allocation fails
# in turn (fail-nth); each failure must leave nothing behind. Skips on a
# kernel without CONFIG_FAULT_INJECTION (Debian's stock kernel).
modprobe memremap_ctl || { echo "not ok 1 - modprobe memremap_ctl"; exit 1; }
exec ./abi/memremap-abi-test fault_injection
