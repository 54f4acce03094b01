#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The module is loaded through libkmod when /dev/memremap is missing;
# version does not load it; a missing module is said clearly.
. "$(dirname "$0")/cli-common.subr"

loaded() { grep -q "^memremap_ctl " /proc/modules; }

modprobe -r memremap_ctl 2> /dev/null
if loaded; then
	fail "the module can be unloaded for the test"
	finish
	exit 1
fi
ctl version
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qx "module ABI: not loaded" && ! loaded; then
	pass "version without the module: not loaded, and it stays unloaded"
else
	fail "version without the module: not loaded, and it stays unloaded" "exit status $rc" "$out" "$err"
fi
ctl list -j
if [ "$rc" -eq 0 ] && [ "$out" = "[]" ] && ! loaded; then
	pass "list without the module: [] and no load"
else
	fail "list without the module: [] and no load" "$out" "$err"
fi

if has_range $A; then
	ctl create --start $A --size 256M -j
	if [ "$rc" -eq 0 ] && loaded && [ -e /dev/memremap ]; then
		pass "create loads memremap_ctl through libkmod"
	else
		fail "create loads memremap_ctl through libkmod" "exit status $rc" "$out" "$err"
	fi
	memremapctl destroy all > /dev/null
else
	skip "create loads memremap_ctl" "no range at $A"
fi

# not installed: hide the module from libkmod (modules.dep) for a moment
modprobe -r memremap_ctl
moddir=/lib/modules/$(uname -r)
if [ -w "$moddir" ] && cp -a "$moddir" "$tmp/modules" 2> /dev/null; then
	for f in "$moddir"/modules.dep "$moddir"/modules.dep.bin; do
		[ -f "$f" ] && sed -i '/memremap_ctl/d' "$f" 2> /dev/null
	done
	rm -f "$moddir/modules.dep.bin"
	ctl create --start $A --size 256M
	expect 5 "module memremap_ctl is not installed for kernel $(uname -r)" \
		"create without an installed module: exit 5 saying so"
	rm -rf "$moddir" && cp -a "$tmp/modules" "$moddir"
else
	skip "create without an installed module" "$moddir is not writable"
fi

if as_nobody true 2> /dev/null; then
	run as_nobody memremapctl create --start $A --size 256M
	expect 4 "cannot load module memremap_ctl: loading kernel modules needs root" \
		"create as nobody without the module: exit 4"
else
	skip "create as nobody without the module" "setpriv cannot switch users"
fi
modprobe memremap_ctl
finish
