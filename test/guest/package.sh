#!/bin/sh
# vm-options: --init systemd --no-module --no-userland
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian packages, installed as an administrator installs them
# (test/package builds them and boots this guest with them in /root/debs,
# a newer build in /root/debs-new, and dkms and this kernel's headers in
# the root file system, but neither memremapctl nor the module):
#   test/guest/package.sh VERSION NEWER
#  - apt-get install ./*.deb: DKMS builds and installs memremap_ctl for
#    this kernel; memremap-apply.service is enabled, not started;
#  - provisioning from the installed files: loading the module, its
#    control node's udev event starts memremap-apply@memremap.service,
#    which creates the pagemap /etc/memremap.conf.d describes;
#  - upgrade to NEWER under that live pagemap: the pagemap stays, the
#    loaded module is not reloaded, the postinst says how to load the new
#    one, and doing so loads it (and udev applies the configuration again);
#  - apt-get remove while the module is in use stops and changes nothing;
#    remove then unloads it (no pagemap, no module) and keeps the
#    configuration; purge removes it: the file system is as before.
. "$(dirname "$0")/cli-common.subr"
version=${1:?usage: package.sh VERSION NEWER}
newer=${2:?usage: package.sh VERSION NEWER}
pkgs="memremapctl libmemremap1 libmemremap-dev memremap-ctl-dkms"
kver=$(uname -r)
export DEBIAN_FRONTEND=noninteractive
# cli-common.subr's exit trap destroys pagemaps with memremapctl: it may be
# gone by then
trap 'rm -rf "$tmp"; kill "$holder" 2>/dev/null' EXIT
holder=""

# check WHAT CMD...: CMD succeeds
check() {
	what=$1
	shift
	if "$@" > "$tmp/check" 2>&1; then
		pass "$what"
	else
		fail "$what" "$*: $(cat "$tmp/check")"
	fi
}
# apt LOG ARGS...: apt-get -y ARGS, its output in $tmp/LOG, status in $rc
apt() {
	log=$tmp/$1
	shift
	apt-get -y -o Dpkg::Use-Pty=0 "$@" > "$log" 2>&1
	rc=$?
}
# dpkg_state PKG: "ii 0.1.0-1" (installed), "rc ..." (config files), or
# nothing when dpkg knows no such package
dpkg_state() {
	dpkg-query -W -f '${db:Status-Abbrev}${Version}\n' "$1" 2>/dev/null | tr -s ' '
}
states() {
	for p in $pkgs; do
		printf '%s=%s ' "$p" "$(dpkg_state "$p")"
	done
}
pagemaps() { find /sys/class/memremap -maxdepth 1 -name 'pagemap[0-9]*' 2>/dev/null | wc -l; }
# the file system's names, without what changes by itself or belongs to
# apt and dpkg's own bookkeeping
files() {
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \
		-o -path /var/log -o -path /var/cache/apt -o -path /var/lib/apt \
		-o -path /var/lib/dpkg -o -path /var/cache/debconf -o -path /var/cache/ldconfig \) \
		-prune -o -print | LC_ALL=C sort
}
# runs: how many runs of memremap-apply@memremap.service have ended, by
# the journal (systemd unloads the finished instance, and its
# InvocationID and Result with it); applied_after N: wait (up to 120 s)
# until run N+1 has ended, and succeed if it succeeded: the unit's own
# record decides, not a delay
unit=memremap-apply@memremap.service
runs() {
	journalctl -q -o cat --no-pager -u "$unit" | grep -cE '^(Finished|Failed to start) ' || true
}
applied_after() {
	timeout 120 sh -c 'until [ "$(journalctl -q -o cat --no-pager -u "$2" |
		grep -cE "^(Finished|Failed to start) ")" -gt "$1" ]; do sleep 0.2; done' sh "$1" "$unit" &&
	journalctl -q -o cat --no-pager -u "$unit" | grep -E '^(Finished|Failed to start) ' |
		tail -n 1 | grep -q '^Finished '
}
bootmap_ok() {
	ctl list -j -n bootmap
	[ "$rc" -eq 0 ] || out="exit status $rc"
	jqok "length == 1 and ($LIST_SHAPE) and .[0].start == 4294967296 and .[0].size == 536870912
	      and .[0].altmap.reserve == 2097152 and .[0].memmap_location == \"altmap\"" "$1"
}

# ------------------------------------------------------------ before
if ! command -v memremapctl > /dev/null && ! modinfo memremap_ctl > /dev/null 2>&1 &&
   command -v dkms > /dev/null && [ -d "/lib/modules/$kver/build/include" ]; then
	pass "before: no memremapctl, no memremap_ctl module; dkms and $kver's headers"
else
	fail "before: no memremapctl, no memremap_ctl module; dkms and $kver's headers" \
		"memremapctl: $(command -v memremapctl)" "modinfo: $(modinfo -n memremap_ctl 2>&1)" \
		"dkms: $(command -v dkms)" "headers: $(ls -d "/lib/modules/$kver/build/include" 2>&1)"
fi
files > "$tmp/files.before"

# ------------------------------------------------------------ install
apt install.log install /root/debs/*.deb
if [ "$rc" -eq 0 ] && [ "$(states)" = "memremapctl=ii $version-1 libmemremap1=ii $version-1 libmemremap-dev=ii $version-1 memremap-ctl-dkms=ii $version-1 " ]; then
	pass "apt-get install ./*.deb (offline): the four packages, $version-1"
else
	fail "apt-get install ./*.deb (offline): the four packages, $version-1" "exit status $rc" \
		"$(states)" "$(tail -n 40 "$tmp/install.log")"
fi
# DKMS built the module for this kernel, with the one version
status=$(dkms status memremap_ctl 2>/dev/null)	# stderr: a broken-pipe message of its own
path=$(modinfo -n memremap_ctl 2>&1)
if printf '%s\n' "$status" | grep -qx "memremap_ctl/$version, $kver, [^:]*: installed" &&
   [ "$(printf '%s\n' "$status" | wc -l)" -eq 1 ] &&
   case "$path" in "/lib/modules/$kver/updates/dkms/memremap_ctl.ko"*) true ;; *) false ;; esac &&
   [ "$(modinfo -F version memremap_ctl)" = "$version" ]; then
	pass "DKMS built and installed memremap_ctl $version for $kver"
else
	fail "DKMS built and installed memremap_ctl $version for $kver" "dkms status: $status" \
		"modinfo: $path, version $(modinfo -F version memremap_ctl 2>&1)" \
		"$(grep -i -A5 'error\|dkms' "$tmp/install.log" | tail -n 30)"
fi
if [ ! -d /sys/module/memremap_ctl ]; then
	pass "installing loads no module"
else
	fail "installing loads no module" "$(lsmod | grep memremap)"
fi
check "the udev rule and the units are memremapctl's" \
	dpkg -S /lib/udev/rules.d/90-memremap.rules /lib/systemd/system/memremap-apply.service \
	/lib/systemd/system/memremap-apply@.service /etc/memremap.conf.d/example.conf
if [ "$(systemctl is-enabled memremap-apply.service)" = enabled ] &&
   [ "$(systemctl is-active memremap-apply.service)" = inactive ]; then
	pass "memremap-apply.service is enabled (next boot), not started by the installation"
else
	fail "memremap-apply.service is enabled (next boot), not started by the installation" \
		"is-enabled $(systemctl is-enabled memremap-apply.service)" \
		"is-active $(systemctl is-active memremap-apply.service)"
fi

# ------------------------------------------------------------ provision
# the boot configuration of test/guest/provision.sh
cp "$guest_dir/provision/boot.conf" /etc/memremap.conf.d/10-boot.conf
modprobe memremap_ctl
udevadm settle --timeout=120
if applied_after 0; then
	pass "modprobe memremap_ctl: the udev rule started $unit, which succeeded"
else
	fail "modprobe memremap_ctl: the udev rule started $unit, which succeeded" \
		"$(systemctl status "$unit" --no-pager 2>&1 | tail -n 15)"
fi
first=$(runs)
bootmap_ok "memremapctl list -j: the pagemap of /etc/memremap.conf.d, struct pages in its altmap"
dev=$(printf '%s' "$out" | jq -r '.[0].dev')
ctl version -j
[ "$rc" -eq 0 ] || out="exit status $rc"
jqok ".memremapctl == \"$version\" and .libmemremap == \"$version\"" \
	"memremapctl version: $version for the CLI and the library"
if [ "$(cat /sys/module/memremap_ctl/version)" = "$version" ]; then
	pass "the loaded module's version is $version"
else
	fail "the loaded module's version is $version" "$(cat /sys/module/memremap_ctl/version 2>&1)"
fi
systemctl start memremap-apply.service
ctl apply -j
[ "$rc" -eq 0 ] || out="exit status $rc"
jqok '.converged == true and [.sections[] | .outcome] == ["unchanged"]' \
	"memremap-apply.service runs; apply then finds the pagemap unchanged"

# ------------------------------------------------------------ upgrade
apt upgrade.log install /root/debs-new/*.deb
msg="memremap_ctl $version is loaded, with 1 pagemap(s);"
if [ "$rc" -eq 0 ] && grep -qF "$msg" "$tmp/upgrade.log" &&
   grep -qF "$newer is installed and will be loaded at the next boot" "$tmp/upgrade.log" &&
   grep -qF "modprobe -r memremap_ctl && modprobe memremap_ctl" "$tmp/upgrade.log"; then
	pass "upgrade to $newer-1: the postinst says the old module stays loaded and how to load the new one"
else
	fail "upgrade to $newer-1: the postinst says the old module stays loaded and how to load the new one" \
		"exit status $rc" "$(tail -n 40 "$tmp/upgrade.log")"
fi
if [ "$(cat /sys/module/memremap_ctl/version)" = "$version" ] &&
   [ "$(states)" = "memremapctl=ii $newer-1 libmemremap1=ii $newer-1 libmemremap-dev=ii $newer-1 memremap-ctl-dkms=ii $newer-1 " ] &&
   [ "$(modinfo -F version memremap_ctl)" = "$newer" ] &&
   [ "$(dkms status memremap_ctl 2>/dev/null)" = "memremap_ctl/$newer, $kver, x86_64: installed" ]; then
	pass "after the upgrade: $newer-1 installed, DKMS built $newer, $version still loaded"
else
	fail "after the upgrade: $newer-1 installed, DKMS built $newer, $version still loaded" \
		"loaded $(cat /sys/module/memremap_ctl/version)" "$(states)" \
		"on disk $(modinfo -F version memremap_ctl 2>&1)" "dkms status: $(dkms status 2>/dev/null)"
fi
bootmap_ok "the pagemap lived through the upgrade"
if [ -n "$dev" ] && [ "$(printf '%s' "$out" | jq -r '.[0].dev')" = "$dev" ] &&
   [ "$(runs)" = "$first" ]; then
	pass "  ... the same pagemap ($dev), not created again"
else
	fail "  ... the same pagemap ($dev), not created again" "$out"
fi
# what the postinst said to do
modprobe -r memremap_ctl && modprobe memremap_ctl
udevadm settle --timeout=120
if [ "$(cat /sys/module/memremap_ctl/version)" = "$newer" ] && applied_after "$first"; then
	pass "modprobe -r and modprobe, as the postinst says: $newer loaded, the configuration applied again"
else
	fail "modprobe -r and modprobe, as the postinst says: $newer loaded, the configuration applied again" \
		"loaded $(cat /sys/module/memremap_ctl/version 2>&1)" \
		"$(systemctl status "$unit" --no-pager 2>&1 | tail -n 15)"
fi
bootmap_ok "  ... the pagemap of /etc/memremap.conf.d is back"

# ------------------------------------------------------------ remove
# The control node held open: memremap_ctl cannot be unloaded, and the
# removal stops before anything changed.
sh -c 'exec 3< /dev/memremap; echo held; exec sleep 3600' > "$tmp/held" &
holder=$!
timeout 60 sh -c 'until grep -q held "$1"; do sleep 0.1; done' sh "$tmp/held"
apt remove-held.log remove memremap-ctl-dkms
if [ "$rc" -ne 0 ] && grep -qF "memremap_ctl is in use and stays loaded" "$tmp/remove-held.log" &&
   [ "$(dpkg_state memremap-ctl-dkms)" = "ii $newer-1" ] && [ -d /sys/module/memremap_ctl ] &&
   [ "$(pagemaps)" -eq 1 ] && [ "$(modinfo -F version memremap_ctl)" = "$newer" ]; then
	pass "apt-get remove while /dev/memremap is open: refused, says why; package, module, pagemap stay"
else
	fail "apt-get remove while /dev/memremap is open: refused, says why; package, module, pagemap stay" \
		"exit status $rc" "$(states)" "pagemaps $(pagemaps)" "$(tail -n 20 "$tmp/remove-held.log")"
fi
kill "$holder"
wait "$holder" 2>/dev/null
holder=""

apt remove.log remove $pkgs
# memremapctl has a conffile (config-files state), the others none (gone)
# gone PKG...: dpkg has no record of them, or one of a package not installed
gone() {
	for p in "$@"; do
		case "$(dpkg_state "$p")" in "" | un*) ;; *) return 1 ;; esac
	done
}
if [ "$rc" -eq 0 ] && grep -qF "unloading memremap_ctl, which tears down its 1 pagemap(s)" "$tmp/remove.log" &&
   [ "$(dpkg_state memremapctl)" = "rc $newer-1" ] && gone libmemremap1 libmemremap-dev memremap-ctl-dkms; then
	pass "apt-get remove: removed, saying that it tears down the pagemap"
else
	fail "apt-get remove: removed, saying that it tears down the pagemap" "exit status $rc" \
		"$(states)" "$(tail -n 30 "$tmp/remove.log")"
fi
if [ ! -d /sys/module/memremap_ctl ] && [ "$(pagemaps)" -eq 0 ] &&
   ! modinfo memremap_ctl > /dev/null 2>&1 && [ ! -e /usr/bin/memremapctl ] &&
   [ -z "$(dkms status memremap_ctl 2>/dev/null)" ] && [ ! -e /var/lib/dkms/memremap_ctl ] &&
   ! ls -d /usr/src/memremap_ctl-* > /dev/null 2>&1; then
	pass "after remove: no pagemap, no module loaded or on disk, no DKMS tree, no memremapctl"
else
	fail "after remove: no pagemap, no module loaded or on disk, no DKMS tree, no memremapctl" \
		"$(lsmod | grep memremap)" "pagemaps $(pagemaps)" "modinfo $(modinfo -n memremap_ctl 2>&1)" \
		"dkms status: $(dkms status 2>/dev/null)" "$(ls -d /var/lib/dkms/memremap_ctl /usr/src/memremap_ctl-* 2>&1)"
fi
if [ -f /etc/memremap.conf.d/example.conf ]; then
	pass "after remove: the configuration (conffile example.conf) is kept"
else
	fail "after remove: the configuration (conffile example.conf) is kept" "$(ls -la /etc/memremap.conf.d 2>&1)"
fi

# ------------------------------------------------------------ purge
rm /etc/memremap.conf.d/10-boot.conf	# the administrator's file, not the package's
# what dpkg still knows (config files): apt knows no package by name
# that is neither installed nor in its (empty) lists
left=""
for p in $pkgs; do
	case "$(dpkg_state "$p")" in rc*) left="$left $p" ;; esac
done
apt purge.log purge $left
if [ "$rc" -eq 0 ] && gone $pkgs &&
   [ ! -e /etc/memremap.conf.d ]; then
	pass "apt-get purge: dpkg knows the packages no more, /etc/memremap.conf.d is gone"
else
	fail "apt-get purge: dpkg knows the packages no more, /etc/memremap.conf.d is gone" \
		"exit status $rc" "$(states)" "$(ls -la /etc/memremap.conf.d 2>&1)" "$(tail -n 20 "$tmp/purge.log")"
fi
files > "$tmp/files.after"
if cmp -s "$tmp/files.before" "$tmp/files.after"; then
	pass "after purge: the same files as before the installation ($(wc -l < "$tmp/files.after") names)"
else
	fail "after purge: the same files as before the installation" \
		"$(diff "$tmp/files.before" "$tmp/files.after" | head -n 40)"
fi
finish
