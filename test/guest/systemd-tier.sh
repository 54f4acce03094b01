#!/bin/sh
# vm-options: --init systemd --file systemd-tier/90-memremap-tier.rules:/etc/udev/rules.d/90-memremap-tier.rules --file systemd-tier/memremap-tier-boot.service:/etc/systemd/system/memremap-tier-boot.service --enable memremap-tier-boot.service
# SPDX-License-Identifier: GPL-2.0-or-later
# The systemd guest tier itself (test/vm/run --init systemd): systemd is
# PID 1 and runs this script from memremap-test.service once the boot is
# done; systemd-udevd runs and answers; a udev rule and a unit installed
# before boot (--file, --enable) took effect during the boot; udevadm
# trigger and settle work; and memremapctl creates, lists and destroys a
# pagemap with udev processing the device's events.
. "$(dirname "$0")/cli-common.subr"

# ------------------------------------------------------------ systemd
if [ "$(cat /proc/1/comm)" = systemd ] &&
   [ "$(readlink /proc/1/exe)" = /usr/lib/systemd/systemd ]; then
	pass "PID 1 is systemd"
else
	fail "PID 1 is systemd" "comm $(cat /proc/1/comm), exe $(readlink /proc/1/exe)"
fi

if grep -q '/system.slice/memremap-test.service$' /proc/self/cgroup &&
   [ "${MEMREMAP_GUEST_INIT:-}" = systemd ]; then
	pass "the script runs in memremap-test.service"
else
	fail "the script runs in memremap-test.service" "cgroup: $(cat /proc/self/cgroup)" \
		"MEMREMAP_GUEST_INIT=${MEMREMAP_GUEST_INIT:-}"
fi

run systemctl is-active multi-user.target systemd-journald.service \
	systemd-udev-trigger.service
if [ "$rc" -eq 0 ]; then
	pass "the boot reached multi-user.target, with the journal and udev's coldplug"
else
	fail "the boot reached multi-user.target, with the journal and udev's coldplug" "$out"
fi

run systemctl list-units --failed --plain --no-legend
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
	pass "no unit failed during the boot"
else
	fail "no unit failed during the boot" "$out" "$(journalctl -b -p warning --no-pager | tail -n 20)"
fi

# ------------------------------------------------------------ udev
run systemctl is-active systemd-udevd.service
pid=$(systemctl show -P MainPID systemd-udevd.service)
if [ "$out" = active ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = systemd-udevd ]; then
	pass "systemd-udevd runs as a service"
else
	fail "systemd-udevd runs as a service" "state $out, main PID $pid"
fi

run udevadm control --ping --timeout=30
if [ "$rc" -eq 0 ]; then
	pass "systemd-udevd answers udevadm control --ping"
else
	fail "systemd-udevd answers udevadm control --ping" "exit status $rc" "$err"
fi

# The rule (systemd-tier/90-memremap-tier.rules) was in /etc/udev/rules.d
# before boot: the coldplug "add" event of /dev/zero ran it. Nothing here
# has triggered an event yet.
run udevadm info --query=property --name=/dev/zero
if [ -e /run/memremap-tier-rule-zero ] &&
   printf '%s\n' "$out" | grep -qx 'MEMREMAP_TIER=coldplug'; then
	pass "a rule installed before boot ran for a device present at boot"
else
	fail "a rule installed before boot ran for a device present at boot" \
		"mark: $(ls /run/memremap-tier-rule-* 2>&1)" "udev properties of /dev/zero: $out"
fi

# The unit (--file, --enable) ran at boot, before this script, and saw udevd.
run systemctl is-active memremap-tier-boot.service
if [ "$out" = active ] && [ "$(cat /run/memremap-tier-boot 2>&1)" = active ]; then
	pass "a unit enabled before boot ran before the test, after systemd-udevd"
else
	fail "a unit enabled before boot ran before the test, after systemd-udevd" \
		"state $out" "mark: $(cat /run/memremap-tier-boot 2>&1)"
fi

# udevadm trigger queues a new "add" event; settle returns once it is
# processed, so the rule's mark is back when settle returns.
rm -f /run/memremap-tier-rule-zero
run udevadm trigger --action=add --subsystem-match=mem --sysname-match=zero
trigger_rc=$rc
run udevadm settle --timeout=60
if [ "$trigger_rc" -eq 0 ] && [ "$rc" -eq 0 ] && [ -e /run/memremap-tier-rule-zero ]; then
	pass "udevadm trigger and settle: the rule ran again before settle returned"
else
	fail "udevadm trigger and settle: the rule ran again before settle returned" \
		"trigger status $trigger_rc, settle status $rc" "$err"
fi

# udev left the memmap= ranges alone: nd_e820 (blacklisted by test/vm/run)
# did not hand them to nd_pmem
if has_range "$A" && ! grep -q '^nd_e820 ' /proc/modules; then
	pass "the memmap= range at $A is unclaimed after udev's coldplug"
else
	fail "the memmap= range at $A is unclaimed after udev's coldplug" \
		"$(grep -i -A2 persistent /proc/iomem)" "$(grep '^nd_' /proc/modules)"
fi

# ------------------------------------------------------------ memremapctl
if [ -e /dev/memremap ]; then
	fail "modprobe memremap_ctl creates /dev/memremap" "/dev/memremap exists before modprobe"
else
	run modprobe memremap_ctl
	udevadm settle --timeout=60
	if [ "$rc" -eq 0 ] && [ -c /dev/memremap ] &&
	   [ "$(udevadm info --query=path --name=/dev/memremap 2>&1)" = /devices/virtual/misc/memremap ]; then
		pass "modprobe memremap_ctl creates /dev/memremap, known to udev"
	else
		fail "modprobe memremap_ctl creates /dev/memremap, known to udev" "exit status $rc" "$err" \
			"$(ls -l /dev/memremap 2>&1)" "$(udevadm info --name=/dev/memremap 2>&1)"
	fi
fi

# with udevd running, create returns after udev has processed pagemap0
MEMREMAP_LOG=debug run memremapctl create --start "$A" --size 256M
if [ "$rc" -eq 0 ] && printf '%s' "$err" | grep -q 'udev finished with pagemap0'; then
	pass "create --start $A --size 256M, after udev finished with pagemap0"
else
	fail "create --start $A --size 256M, after udev finished with pagemap0" "exit status $rc" "$out" "$err"
fi

run udevadm info --query=property /sys/class/memremap/pagemap0
if printf '%s\n' "$out" | grep -qx 'SUBSYSTEM=memremap' &&
   printf '%s\n' "$out" | grep -qx 'MEMREMAP_START=0x80000000' &&
   printf '%s\n' "$out" | grep -qx 'MEMREMAP_SIZE=268435456'; then
	pass "udev's database has pagemap0 with its MEMREMAP_ properties"
else
	fail "udev's database has pagemap0 with its MEMREMAP_ properties" "exit status $rc" "$out" "$err"
fi

ctl list -j
jqok "$LIST_SHAPE and length == 1 and .[0].dev == \"pagemap0\"
      and .[0].start == 2147483648 and .[0].size == 268435456" \
	"list -j shows the pagemap"

ctl destroy all
udevadm settle --timeout=60
if [ "$rc" -eq 0 ] && [ ! -e /sys/class/memremap/pagemap0 ] &&
   ! udevadm info /sys/class/memremap/pagemap0 > /dev/null 2>&1; then
	pass "destroy all removes pagemap0, from sysfs and from udev"
else
	fail "destroy all removes pagemap0, from sysfs and from udev" "exit status $rc" "$out" "$err"
fi

ctl list -j
jqok '. == []' "list -j is empty afterwards"
finish
