#!/bin/sh
# The size rule with the module a version ahead of its callers: loaded
# with abi_test_grow=64 it takes every struct as 64 bytes longer, as a
# newer module would, so the ABI tests' structs at their first published
# size are an older caller's (read short, zero-filled, written back no
# further than the caller's size), and longer ones a newer caller's.
# abi-core.sh runs the same tests with the module as old as its callers.
. "$(dirname "$0")/cli-common.subr"

if modprobe memremap_ctl abi_test_grow=12 2>/dev/null || [ -e /dev/memremap ]; then
	fail "abi_test_grow=12 (not a multiple of 8) refused at load"
else
	pass "abi_test_grow=12 (not a multiple of 8) refused at load"
fi
modprobe memremap_ctl abi_test_grow=64 || { fail "modprobe memremap_ctl abi_test_grow=64"; finish; exit 1; }
grow=$(cat /sys/module/memremap_ctl/parameters/abi_test_grow)
if [ "$grow" = 64 ]; then
	pass "the module takes its structs as 64 bytes longer"
else
	fail "the module takes its structs as 64 bytes longer" "abi_test_grow is '$grow'"
fi
ABI_LABEL="older and newer callers: " abi_tests struct_sizes
finish
