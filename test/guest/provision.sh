#!/bin/sh
# vm-options: --init systemd --nvdimm 1G --file provision/boot.conf:/etc/memremap.conf.d/10-boot.conf --file provision/80-user.rules:/etc/udev/rules.d/80-user.rules --file provision/85-create-from-udev.rules:/etc/udev/rules.d/85-create-from-udev.rules --enable memremap-apply.service
# SPDX-License-Identifier: GPL-2.0-or-later
# Provisioning in a guest with systemd and udev, and what make install
# installed (the udev rule, memremap-apply.service and @.service):
#  - a pagemap in /etc/memremap.conf.d exists after boot, with its altmap,
#    and apply then finds it unchanged;
#  - a user's rule on MEMREMAP_NAME fires on add and remove, with the
#    event's properties; monitor -j sees another process's create and
#    destroy; memremapctl create run from a udev rule completes, not
#    waiting for udev;
#  - apply --dry-run changes nothing, --prune prunes, a conflict is
#    reported and left alone, a broken file stops everything naming its
#    line;
#  - an NVDIMM namespace named in the configuration gets its pagemap when
#    it is disabled, from the udev rule, without a command from the test.
. "$(dirname "$0")/cli-common.subr"
conf=/etc/memremap.conf.d

# wait_line FILE PATTERN WHAT: wait (up to 120 s) until FILE, a monitor's
# output, has a line matching PATTERN: the event, not a delay, decides
wait_line() {
	if timeout 120 sh -c 'until grep -q -- "$2" "$1"; do sleep 0.1; done' sh "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "no line matching $2 in $1:" "$(cat "$1")"
	fi
}

# ------------------------------------------------------------- at boot
if [ "$(systemctl show -P Result memremap-apply.service)" = success ] &&
   [ "$(systemctl show -P ActiveState memremap-apply.service)" = active ]; then
	pass "memremap-apply.service ran at boot and succeeded"
else
	fail "memremap-apply.service ran at boot and succeeded" \
		"$(systemctl status memremap-apply.service --no-pager 2>&1 | tail -n 15)"
fi
ctl list -j -n bootmap
jqok "length == 1 and ($LIST_SHAPE) and .[0].start == 4294967296 and .[0].size == 536870912
      and .[0].altmap.reserve == 2097152 and .[0].memmap_location == \"altmap\"
      and .[0].parent == \"Persistent Memory (legacy)\"" \
	"the pagemap of the boot configuration exists, struct pages in its altmap"
ctl apply -j
jqok '.converged == true and [.sections[] | .outcome] == ["unchanged"]' \
	"apply after boot: unchanged, converged"
if [ "$rc" -eq 0 ]; then pass "  ... exit 0"; else fail "  ... exit 0" "exit status $rc" "$err"; fi

# ------------------------------------------------------------- events
memremapctl monitor -j > "$tmp/mon" 2> "$tmp/mon.err" &
monitor=$!
wait_line "$tmp/mon.err" "watching pagemap events from udev" "monitor listens to udev"
ctl create --start 0x80000000 --size 128M --type fsdax --name watched
udevadm settle --timeout=60
if [ "$(cat /run/user-rule-add 2>&1)" = "fsdax 0x80000000 134217728 pagemap1" ]; then
	pass "a user rule on MEMREMAP_NAME fired on add, with type, start, size"
else
	fail "a user rule on MEMREMAP_NAME fired on add, with type, start, size" \
		"$(cat /run/user-rule-add 2>&1)"
fi
ctl destroy watched
udevadm settle --timeout=60
if [ "$(cat /run/user-rule-remove 2>&1)" = "fsdax pagemap1" ]; then
	pass "  ... and on remove"
else
	fail "  ... and on remove" "$(cat /run/user-rule-remove 2>&1)"
fi
wait_line "$tmp/mon" '"event":"remove"' "monitor saw the destroy"
kill -TERM "$monitor"
wait "$monitor"
mrc=$?
grep '"name":"watched"' "$tmp/mon" > "$tmp/watched"
if [ "$mrc" -eq 0 ] && [ "$(wc -l < "$tmp/watched")" -eq 2 ] &&
   head -n 1 "$tmp/watched" | jq -e "(del(.event, .timestamp) | $PAGEMAP_SHAPE) and .event == \"add\"
	and .type == \"fsdax\" and .start == 2147483648 and .dev == \"pagemap1\"
	and (.timestamp | test(\"^[0-9-]+T[0-9:.]+Z$\"))" > /dev/null &&
   tail -n 1 "$tmp/watched" | jq -e "(del(.event, .timestamp) | $PAGEMAP_SHAPE) and .event == \"remove\"
	and .type == \"fsdax\" and .size == 134217728" > /dev/null; then
	pass "monitor -j: add and remove of another process's pagemap, list -j's keys, event, timestamp; SIGTERM ends it (exit 0)"
else
	fail "monitor -j: add and remove of another process's pagemap" "exit status $mrc" "$(cat "$tmp/mon")"
fi

# memremapctl create run by a udev rule: the event's program completes
# (udevadm settle returns) and create did not wait for udev
# (a synthetic event's argument keys are letters and digits only)
echo "change $(cat /proc/sys/kernel/random/uuid) MEMREMAPTEST=create" > /sys/class/mem/zero/uevent
run udevadm settle --timeout=60
if [ "$rc" -eq 0 ] && [ "$(cat /run/fromudev.status 2>&1)" = 0 ] &&
   grep -q "run from udev (event [0-9]*): not waiting for it" /run/fromudev.out &&
   memremapctl list -n fromudev | grep -q fromudev; then
	pass "memremapctl create from a udev rule completes without waiting for udev"
else
	fail "memremapctl create from a udev rule completes without waiting for udev" \
		"settle $rc" "$(cat /run/fromudev.status /run/fromudev.out 2>&1)"
fi
memremapctl destroy fromudev > /dev/null

# ------------------------------------------------------------- apply
cat > "$conf/20-more.conf" <<'CONF'
[pagemap more]
start = 0x90000000
size = 64M
CONF
snapshot
ctl apply --dry-run -j
jqok '[.sections[] | [.name, .outcome]] == [["bootmap", "unchanged"], ["more", "to_create"]]
      and .dry_run and (.converged | not)' "apply --dry-run says what it would do"
unchanged "  ... and does nothing"
ctl apply
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^more  *created  *pagemap'; then
	pass "apply creates the new section"
else
	fail "apply creates the new section" "exit status $rc" "$out" "$err"
fi
memremapctl create --start 0x94000000 --size 64M --name stray > /dev/null
snapshot
ctl apply --prune --dry-run -j
jqok '[.sections[] | select(.outcome == "to_prune") | .name] == ["stray"]' \
	"apply --prune --dry-run names the pagemap no section describes"
unchanged "  ... and does nothing"
ctl apply --prune -j
jqok '[.sections[] | [.name, .outcome]] == [["bootmap", "unchanged"], ["more", "unchanged"], ["stray", "pruned"]]
      and .converged' "apply --prune destroys it"
sed -i 's/size = 64M/size = 32M/' "$conf/20-more.conf"
snapshot
ctl apply -j
jqok '.sections[1].outcome == "conflict" and (.converged | not)
      and (.sections[1].reason | test("^size = 32M differs from pagemap[0-9]+ \"more\" size 64M$"))' \
	"a section that differs from its pagemap: a conflict, with what differs"
if [ "$rc" -eq 1 ]; then pass "  ... exit 1"; else fail "  ... exit 1" "exit status $rc"; fi
unchanged "  ... and it is left alone"
printf '[pagemap broken]\nstart = 0xa0000000\nsize = 64Q\n' > "$conf/30-broken.conf"
snapshot
ctl apply --prune
expect 2 "$conf/30-broken.conf:3: size: invalid '64Q'" "a broken file: its line and key, exit 2"
unchanged "  ... and nothing is done, not even pruning"
rm -f "$conf/20-more.conf" "$conf/30-broken.conf"
memremapctl destroy more > /dev/null
# a section whose range another pagemap holds: a conflict naming it
memremapctl create --start 0x98000000 --size 64M --name blocker > /dev/null
printf '[pagemap blocked]\nstart = 0x98000000\nsize = 32M\n' > "$conf/25-blocked.conf"
snapshot
ctl apply -j blocked
jqok '[.sections[] | [.name, .outcome]] == [["blocked", "conflict"]] and (.converged | not)
      and (.sections[0].reason | test("pagemap[0-9]+ \"blocker\""))' \
	"a section whose range another pagemap holds: a conflict naming that pagemap"
if [ "$rc" -eq 1 ]; then pass "  ... exit 1"; else fail "  ... exit 1" "exit status $rc"; fi
unchanged "  ... and both are left alone"
rm -f "$conf/25-blocked.conf"
memremapctl destroy blocker > /dev/null

# ------------------------------------------------------------- NVDIMM
modprobe -a nfit nd_pmem dax_pmem
udevadm settle --timeout=60
R=$(ndctl list -R | jq -r '.[0].dev')
N=$(ndctl list -D | jq -r '.[0].dev')
ndctl disable-region "$R" > /dev/null && ndctl init-labels "$N" > /dev/null &&
	ndctl enable-region "$R" > /dev/null && ndctl create-namespace -r "$R" -m fsdax -s 256M > "$tmp/ns" ||
	fail "an fsdax namespace on the NVDIMM" "$(cat "$tmp/ns")"
NS=$(jq -r .dev "$tmp/ns")
LABEL=$(ndctl list -N -v -n "$NS" | jq -r '.[0].raw_uuid')
printf '[pagemap onnvdimm]\nnamespace = %s\ntype = fsdax\naltmap = yes\n' "$LABEL" > "$conf/40-nvdimm.conf"
udevadm settle --timeout=60
ctl apply -j onnvdimm
jqok ".sections[0].outcome == \"waiting\" and (.sections[0].reason | test(\"$NS \\\\(fsdax, /dev/pmem[0-9.]*\\\\) is enabled\"))" \
	"while the namespace is enabled its section waits, saying why"
if [ "$rc" -eq 3 ]; then pass "  ... exit 3"; else fail "  ... exit 3" "exit status $rc"; fi
# a background job of a script starts with SIGINT ignored: give it back
env --default-signal=INT memremapctl monitor -j > "$tmp/mon2" 2> "$tmp/mon2.err" &
monitor=$!
wait_line "$tmp/mon2.err" "watching pagemap events" "a second monitor listens"
ndctl disable-namespace "$NS" > /dev/null
wait_line "$tmp/mon2" '"name":"onnvdimm"' "disabling the namespace made its pagemap, through the udev rule"
kill -INT "$monitor"
wait "$monitor"
mrc=$?
if [ "$mrc" -eq 0 ]; then pass "SIGINT ends monitor, exit 0"; else fail "SIGINT ends monitor, exit 0" "exit status $mrc"; fi
ctl list -j -n onnvdimm
jqok ".[0].namespace == \"$NS\" and .[0].type == \"fsdax\" and .[0].size == 268435456
      and .[0].altmap.reserve == 8192" \
	"  ... on the namespace, as the section says, its info block kept out of the altmap"
if journalctl -b --no-pager -u 'memremap-apply@*' | grep -q 'onnvdimm  *created  *pagemap'; then
	pass "  ... by memremap-apply@.service, started from the rule"
else
	fail "  ... by memremap-apply@.service, started from the rule" "$(journalctl -b --no-pager | grep -i memremap | tail)"
fi
# the section names the namespace by uuid and leaves the reserve to the
# default: both must still match what was made
ctl apply -j onnvdimm
jqok '.converged and [.sections[] | .outcome] == ["unchanged"]' \
	"apply again: the pagemap on the namespace (named by uuid, with an altmap) is unchanged"
if [ "$rc" -eq 0 ]; then pass "  ... exit 0"; else fail "  ... exit 0" "exit status $rc" "$out" "$err"; fi

# ------------------------------------------------------------- module load
# the module's control device appearing is a device that can hold every
# section: loading the module brings the configured pagemaps back
memremapctl destroy all > /dev/null
if rmmod memremap_ctl; then
	t0=$(date +%s)
	modprobe memremap_ctl
	if timeout 120 sh -c 'until [ "$(memremapctl list -j | jq -c "[.[].name] | sort")" = "[\"bootmap\",\"onnvdimm\"]" ]; do sleep 0.2; done'; then
		pass "loading the module made the configured pagemaps, through the udev rule"
	else
		fail "loading the module made the configured pagemaps, through the udev rule" \
			"$(memremapctl list -j 2>&1)"
	fi
	if journalctl -b --no-pager --since "@$t0" -u memremap-apply@memremap.service | grep -q 'bootmap  *created  *pagemap'; then
		pass "  ... by memremap-apply@memremap.service"
	else
		fail "  ... by memremap-apply@memremap.service" \
			"$(journalctl -b --no-pager -u 'memremap-apply@*' | tail -n 20)"
	fi
else
	fail "rmmod memremap_ctl, to load it again" "$(lsmod | grep memremap)"
fi
finish
