#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# memremapctl migrate: a running process's memory (memremap-workload, which
# keeps re-reading a pattern) moved into a coherent pagemap (every kernel)
# and a private one (kernels with DEVICE_PRIVATE) and back; the migration
# counters in sysfs and list -j; destroy refused while pages are in use,
# naming the process, and destroy --evict; --to ram; fork of a migrated
# process; a full pagemap; pinned pages; a caller without root or without
# ptrace rights; the target exiting mid-migration; module unload with
# pages in device memory.
# vm-long
. "$(dirname "$0")/cli-common.subr"

WL=$guest_dir/../abi/memremap-workload
SYS=/sys/class/memremap
PAGES=4096				# the workload's 16 MiB

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }

# wl_start [nobody] MIB: a workload, its pid in $wpid, its buffer in $range
wl_start() {
	rm -f "$tmp/wl.in" "$tmp/wl.out"; mkfifo "$tmp/wl.in" "$tmp/wl.out"
	if [ "$1" = nobody ]; then
		shift
		chmod 755 "$tmp"
		as_nobody "$WL" "$1" < "$tmp/wl.in" > "$tmp/wl.out" 2> "$tmp/wl.err" &
	else
		"$WL" "$1" < "$tmp/wl.in" > "$tmp/wl.out" 2> "$tmp/wl.err" &
	fi
	wl=$!
	exec 5> "$tmp/wl.in" 6< "$tmp/wl.out"
	read -r ready wpid range <&6 || { ready=failed; wpid=; range=; }
}
# wl CMD: send CMD, its answer in $reply
wl() { echo "$1" >&5; read -r reply <&6 || reply="no answer: $(cat "$tmp/wl.err")"; }
wl_stop() { exec 5>&- 6<&-; wait "$wl"; }

# counters ID: in_use, m_in, m_out, m_fail from sysfs
counters() {
	in_use=$(cat "$SYS/pagemap$1/migration_pages_in_use")
	m_in=$(cat "$SYS/pagemap$1/migration_in")
	m_out=$(cat "$SYS/pagemap$1/migration_out")
	m_fail=$(cat "$SYS/pagemap$1/migration_failures")
}
# wait_line FILE PATTERN WHAT: wait (up to 120 s) until FILE, a monitor's
# output, has a line matching PATTERN: the event, not a delay, decides
wait_line() {
	if timeout 120 sh -c 'until grep -q -- "$2" "$1"; do sleep 0.1; done' sh "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "no line matching $2 in $1:" "$(cat "$1")"
	fi
}
check() {
	what=$1; shift
	if eval "$1"; then pass "$what"; else shift; fail "$what" "$@"; fi
}

# tier TYPE CREATE-ARGS...: the whole round on a pagemap of TYPE
tier() {
	T=$1; shift
	cargs="$*"
	ctl create --type "$T" --name dev $cargs -j
	id=$(printf '%s' "$out" | jq -r .id)
	check "$T: create" '[ "$rc" = 0 ] && [ -n "$id" ]' "$err"
	ctl list -j -n dev
	jqok ".[0].migration == {\"pages_in_use\":0,\"in\":0,\"out\":0,\"failures\":0}" \
		"$T: list -j has the migration counters, all 0"
	check "$T: sysfs says it counts" '[ "$(cat $SYS/pagemap$id/migration)" = 1 ]'

	wl_start 16
	check "$T: the workload runs" '[ "$ready" = ready ]' "$(cat "$tmp/wl.err")"
	memremapctl monitor -j > "$tmp/mon" 2> "$tmp/mon.err" &
	monitor=$!
	wait_line "$tmp/mon.err" "watching pagemap events" "$T: monitor listens"
	wl run
	ctl migrate --pid "$wpid" --to dev -j
	jqok ".moved > 0 and .to == \"dev\" and .pid == $wpid and .pagemaps[0].dev == \"pagemap$id\"
	      and (.skipped | keys | length) == 9" \
		"$T: all anonymous memory of a running process moved"
	moved=$(printf '%s' "$out" | jq .moved)
	wait_line "$tmp/mon" "\"migration\":{\"pages_in_use\":[0-9]*,\"in\":$moved," \
		"$T: monitor -j shows the counters change"
	kill -TERM "$monitor"
	wait "$monitor"
	wl pause
	read -r word passes errors <<-EOF
	$reply
	EOF
	check "$T: its pattern checks kept passing during the move ($reply)" \
		'[ "$word" = paused ] && [ "$passes" -gt 0 ] && [ "$errors" = 0 ]'
	counters "$id"
	check "$T: the counters show the pages in ($m_in in, $m_out out, $in_use in use)" \
		'[ "$m_in" = "$moved" ] && [ "$in_use" = $((m_in - m_out)) ] && [ "$m_fail" = 0 ]'
	[ "$T" = coherent ] &&
		check "$T: coherent pages stay where the reader reads them" '[ "$m_out" = 0 ]'

	# the buffer only, while nothing reads it
	ctl migrate --pid "$wpid" --to dev --range "$range" -j
	jqok ".moved <= $m_out and .skipped.full == 0" \
		"$T: --range moves what the reader brought back, at most ($m_out)"
	ctl migrate --pid "$wpid" --to dev --range "$range" -j
	jqok ".moved == 0" "$T: ... after which the whole buffer is in the pagemap"
	counters "$id"
	check "$T: pages in use are what came in less what went out" \
		'[ "$in_use" = $((m_in - m_out)) ] && [ "$in_use" -ge $PAGES ]' "$in_use $m_in $m_out"
	ctl list -j -n dev
	jqok ".[0].migration.pages_in_use == $in_use and .[0].migration.in == $m_in" \
		"$T: list -j shows the same counters"

	refused 1 "pid $wpid (memremap-worklo" "$T: destroy names the process holding device pages" \
		destroy dev
	expect 1 "pages of migrated data" "  ... and says what it holds"
	if [ "$T" = coherent ]; then
		check "$T: /dev/pagemap$id cannot be opened while pages are migrated" \
			'! (exec 3< /dev/pagemap'"$id"') 2> /dev/null'
	fi

	wl check
	check "$T: the pattern reads back ($reply)" '[ "$reply" = "checked 0" ]'
	before_out=$m_out before_use=$in_use
	counters "$id"
	if [ "$T" = private ]; then
		check "$T: reading brought the buffer back to RAM" \
			'[ "$m_out" -ge $((before_out + PAGES)) ] && [ "$in_use" = $((m_in - m_out)) ]' \
			"$before_out -> $m_out, in use $in_use"
	else
		check "$T: reading coherent pages moves nothing" \
			'[ "$m_out" = "$before_out" ] && [ "$in_use" = "$before_use" ]'
	fi

	ctl migrate --pid "$wpid" --to ram -j
	jqok ".moved == $in_use and .to == \"ram\"" "$T: --to ram moves the rest back ($in_use)"
	counters "$id"
	check "$T: nothing in use after --to ram" '[ "$in_use" = 0 ]'
	wl check
	check "$T: the pattern after --to ram ($reply)" '[ "$reply" = "checked 0" ]'

	# write faults, fork
	ctl migrate --pid "$wpid" --to dev --range "$range"
	wl write
	wl check
	check "$T: writing migrated pages, then reading them ($reply)" '[ "$reply" = "checked 0" ]'
	ctl migrate --pid "$wpid" --to dev --range "$range"
	wl fork
	check "$T: a child forked with migrated pages reads the pattern ($reply)" \
		'[ "$reply" = "child 0" ]'
	wl check
	check "$T: ... and so does its parent ($reply)" '[ "$reply" = "checked 0" ]'

	# pinned pages stay
	ctl migrate --pid "$wpid" --to ram
	wl "pin 8"
	if [ "$reply" = pinned ]; then
		ctl migrate --pid "$wpid" --to dev --range "$range" -j
		jqok ".skipped.pinned == 8 and .moved == $((PAGES - 8))" \
			"$T: pinned pages are skipped and counted"
		wl unpin
		ctl migrate --pid "$wpid" --to ram
	else
		skip "$T: pinned pages are skipped and counted" "no io_uring: $reply"
	fi

	# unprivileged, and without ptrace rights
	snapshot
	run as_nobody memremapctl migrate --pid "$wpid" --to dev
	expect 4 "migrating memory needs CAP_SYS_ADMIN" "$T: an unprivileged caller is refused"
	unchanged "  ... and nothing moved"
	wl_stop
	wl_start nobody 16
	snapshot
	run "$WL" --drop-ptrace memremapctl migrate --pid "$wpid" --to dev
	expect 4 "memory of pid $wpid needs what ptrace needs" \
		"$T: a caller without ptrace rights on the target is refused"
	unchanged "  ... and nothing moved"
	ctl migrate --pid "$wpid" --to dev --range "$range" -j
	jqok ".moved == $PAGES" "$T: root moves the memory of another user's process"
	wl check
	check "$T: ... which reads it back ($reply)" '[ "$reply" = "checked 0" ]'
	wl_stop
	counters "$id"
	check "$T: the process's exit gave its device pages back" '[ "$in_use" = 0 ]'

	# a full pagemap takes what fits
	wl_start 16
	ctl create --type "$T" --name small --size 4M $small_start -j
	sid=$(printf '%s' "$out" | jq -r .id)
	ctl migrate --pid "$wpid" --to small --range "$range" -j
	jqok ".moved == 1024 and .skipped.full == $((PAGES - 1024)) and .pagemaps[0].free == 0" \
		"$T: a full pagemap takes what fits"
	expect 0 "is full: $((PAGES - 1024)) pages did not fit" "  ... and says so"
	wl check
	check "$T: the pattern with part of it in device memory ($reply)" '[ "$reply" = "checked 0" ]'

	# destroy --evict
	ctl destroy --evict small
	check "$T: destroy --evict" '[ "$rc" = 0 ]' "$err"
	check "$T: ... gave the pages back to the process" '[ ! -e $SYS/pagemap'"$sid"' ]'
	wl check
	check "$T: ... whose pattern is intact ($reply)" '[ "$reply" = "checked 0" ]'

	# a page that cannot move back keeps the pagemap (coherent: a pipe can
	# hold one of its pages; a private page would fault back first)
	if [ "$T" = coherent ]; then
		ctl migrate --pid "$wpid" --to dev --range "$range"
		wl "splice 1"
		ctl destroy --evict dev
		expect 1 "1 page of migrated data could not move back to RAM" \
			"$T: destroy --evict with a page a pipe holds is refused"
		expect 1 "mapped by pid $wpid (memremap-worklo)" "  ... naming the page's process"
		counters "$id"
		check "$T: ... the pagemap stays, holding that page alone" \
			'[ -e $SYS/pagemap'"$id"' ] && [ "$in_use" = 1 ]' "in use: $in_use"
		wl unsplice
		wl check
		check "$T: ... and the pattern is intact ($reply)" '[ "$reply" = "checked 0" ]'
		ctl migrate --pid "$wpid" --to ram -j
		jqok ".moved == 1" "$T: ... the page moves back once the pipe is gone"
	fi

	# module unload with pages in device memory: private pages are moved
	# back first; coherent ones keep the module (a process could hold one
	# past any eviction, and the unload would wait for it forever)
	ctl migrate --pid "$wpid" --to dev --range "$range" -j
	jqok ".moved == $PAGES" "$T: the buffer in device memory before the unload"
	run rmmod memremap_ctl
	if [ "$T" = coherent ]; then
		check "$T: unloading the module is refused while coherent pages are migrated" \
			'[ "$rc" != 0 ] && [ -e $SYS/pagemap'"$id"' ]' "$err"
		ctl destroy --evict dev
		run rmmod memremap_ctl
	fi
	check "$T: unloading the module with pages in device memory" '[ "$rc" = 0 ]' "$err"
	wl check
	check "$T: ... moved them back first ($reply)" '[ "$reply" = "checked 0" ]'
	wl_stop
	modprobe memremap_ctl

	# the target exits mid-migration
	ctl create --type "$T" --name dev $cargs
	wl_start 64
	memremapctl migrate --pid "$wpid" --to dev > "$tmp/m.out" 2> "$tmp/m.err" &
	mig=$!
	wl_stop
	wait "$mig"; mrc=$?
	check "$T: a target exiting mid-migration: done or \"no process\" ($mrc)" \
		'[ "$mrc" = 0 ] || { [ "$mrc" = 3 ] && grep -q "no process" "$tmp/m.err"; }' \
		"$(cat "$tmp/m.err")"
	ctl destroy dev
	check "$T: ... and nothing is left in the pagemap" '[ "$rc" = 0 ]' "$err"
}

features=$(memremapctl version -j | jq -r '.module.features | join(" ")')
case " $features " in
*" pid-migration "*) pass "version -j names the pid-migration feature" ;;
*) fail "version -j names the pid-migration feature" "$features"; finish; exit 1 ;;
esac

small_start="--start $((A + 64 * MiB))"
tier coherent --start "$A" --size 64M
if memremapctl version -j | jq -e '.module.types | index("private")' > /dev/null; then
	small_start=
	tier private --size 64M
else
	skip "private" "the kernel has no DEVICE_PRIVATE"
fi
finish
