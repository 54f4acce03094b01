#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# With udev running, create returns only after udev has finished with the
# new device (a rule whose program marks its end 2 s later shows it), also when the id
# is reused; without udev there is no wait. Skipped when the guest has no
# systemd-udevd.
. "$(dirname "$0")/cli-common.subr"

udevd=
for f in /lib/systemd/systemd-udevd /usr/lib/systemd/systemd-udevd; do
	[ -x "$f" ] && udevd=$f && break
done
if [ -z "$udevd" ] || ! has_range $A; then
	skip "create waits for udev" "no systemd-udevd or no range at $A in this guest"
	finish
	exit
fi
modprobe memremap_ctl || fail "modprobe memremap_ctl"
rule=/etc/udev/rules.d/99-memremapctl-test.rules
mkdir -p /run/udev /etc/udev/rules.d
# the rule's program finishes 2 s after the event and leaves a mark: if
# create waits for udev, the mark is there when it returns
echo 'SUBSYSTEM=="memremap", ACTION=="add", RUN+="/bin/sh -c '"'"'sleep 2; touch /run/udev-done-%k'"'"'"' > $rule
"$udevd" --daemon > "$tmp/udevd.log" 2>&1
# udevadm control --ping waits for udevd to answer on its control socket;
# a udevd that died at start (a kernel without inotify, say) fails here.
# A ping that reaches the socket while the daemon is still starting can be
# dropped ("Broken pipe", seen on a loaded host): a few more tries.
ping_udevd() {
	for try in 1 2 3 4 5; do
		udevadm control --ping --timeout=30 > "$tmp/ping.log" 2>&1 && return 0
		grep -q "Broken pipe" "$tmp/ping.log" || return 1
	done
	return 1
}
if ! ping_udevd; then
	fail "systemd-udevd runs in this guest" "$(cat "$tmp/udevd.log" "$tmp/ping.log")"
	finish
	exit
fi

for round in first second; do
	rm -f /run/udev-done-pagemap0
	MEMREMAP_LOG=debug run memremapctl create --start $A --size 256M
	if [ "$rc" -eq 0 ] && [ -e /run/udev-done-pagemap0 ] &&
	   printf '%s' "$err" | grep -q "udev finished with pagemap0"; then
		pass "$round create returns after udev finished with pagemap0"
	else
		fail "$round create returns after udev finished with pagemap0" "exit status $rc, mark $(ls /run/udev-done-* 2>&1)" "$err"
	fi
	memremapctl destroy all > /dev/null
done

udevadm control --exit 2> /dev/null
rm -f $rule /run/udev/control
MEMREMAP_LOG=debug run memremapctl create --start $A --size 256M
if [ "$rc" -eq 0 ] && printf '%s' "$err" | grep -q "udev is not running"; then
	pass "without udev, create does not wait"
else
	fail "without udev, create does not wait" "exit status $rc" "$err"
fi
finish
