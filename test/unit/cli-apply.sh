#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# memremapctl apply on canned trees: memremap.conf files read, every error
# named by file, line and key with nothing done, sections and a dry run
# compared with the pagemaps that exist. What needs the kernel is in the
# guest tests (provision-*.sh).
. "$TOP_SRCDIR/test/unit/lib.sh"
five=$(tree 5)
conf=$tmp/conf.d
mkdir -p "$conf"

# apply_err 'FILE TEXT' WANT WHAT: a configuration apply refuses
apply_err() {
	rm -f "$conf"/*.conf
	printf "$1" > "$conf/10-test.conf"
	ctl --sysroot "$five" apply --config "$conf" --dry-run
	expect 2 "$conf/10-test.conf:$2" "$3"
}
apply_err '[pagemap a]\nstart = 0x80000000\nsize = 12Q\n' \
	"3: size: invalid '12Q'" "a malformed size: file, line and key, exit 2"
apply_err '[pagemap a]\nstart = 0x80000000\nsize = 1G\nsise = 1G\n' \
	"4: sise: unknown key" "an unknown key: file, line and key"
apply_err '# comment\n\n[pagemap a]\nstart = 0x80000000\n' \
	"3: [pagemap a]: missing size" "a section without a size: its line"
apply_err '[pagemap all]\nsize = 1G\nstart = 0\n' \
	"1: [pagemap all]: invalid name" "a name that is no name"
apply_err '[pool a]\nsize = 1G\n' "1: unknown section [pool a]" "an unknown section"
apply_err 'size = 1G\n' "1: size: outside any section" "a key before any section"
apply_err '[pagemap a]\nstart = 0\nsize = 1G\n\n[pagemap A]\nstart = 0\nsize = 1G\n' \
	"5: [pagemap A] is given twice in this file (line 1 too" "a section twice"
apply_err '[pagemap a]\nnamespace = namespace0.0\nresource = Reserved\n' \
	"1: [pagemap a]: give one of resource, namespace and dax_region" "two sources"
apply_err '[pagemap a]\nstart = 0\nsize = 1G\nstart = 2M\n' \
	"4: start: given twice in [pagemap a] (line 2 too)" "a key twice"
apply_err '[pagemap a]\nstart = 0\nsize = 1G\naltmap = maybe\n' \
	"4: altmap: 'maybe' is not yes or no" "a boolean that is none"
apply_err '[pagemap a]\nstart = 0\nsize = 1G\naltmap = no\nreserve = 2M\n' \
	"5: reserve: needs an altmap, but altmap = no" "a reserve without altmap"
apply_err '[pagemap a]\ntype = private\nsize = 1G\nstart = 0\n' \
	"1: [pagemap a]: type private takes no range" "private with a start"
apply_err '[pagemap a\n' "1: a section header ends with ']'" "a broken header"
apply_err 'junk\n' "1: not a section header or KEY = VALUE: junk" "a stray line"
rm -f "$conf"/*.conf
printf '[pagemap a]\nstart = 0\nsize = 1G\n' > "$conf/10-a.conf"
printf '[pagemap a]\nstart = 0\nsize = 1G\n' > "$conf/20-b.conf"
ctl --sysroot "$five" apply --config "$conf" --dry-run
expect 2 "$conf/20-b.conf:1: [pagemap a] is also in $conf/10-a.conf:1" \
	"a name in two files: both named"

# a good configuration against the canned pagemaps (see mktree.sh)
rm -f "$conf"/*.conf
cat > "$conf/10-good.conf" <<'CONF'
# as they are: pagemap0 "scratch" (altmap, 2M reserve), pagemap2 "pm2"
[pagemap scratch]
start = 0x100000000
size = 256M
altmap = yes
reserve = 2M

[pagemap pm2]
start = 0x120000000
size = 256M
type = coherent
altmap = yes
CONF
cat > "$conf/20-new.conf" <<'CONF'
[pagemap Fresh]
start = 0x200000000
size = 1G   ; a comment after the value
align = 2M

[pagemap pm4]
start = 0x140000000
size = 512M
type = fsdax
reserve = 2M
align = 2M
CONF
printf '# only comments: no sections\n' > "$conf/00-example.conf"
printf '[pagemap ignored]\nstart = 0\nsize = 2M\n' > "$conf/not-a-conf.txt"
ctl --sysroot "$five" apply --config "$conf" --dry-run -j
valid apply "apply --dry-run -j matches the schema"
jqok '.dry_run == true and .converged == false and
      [.sections[] | [.name, .outcome, .line]] == [
	["scratch", "unchanged", 2], ["pm2", "unchanged", 8],
	["Fresh", "to_create", 1], ["pm4", "conflict", 6]]' \
	"apply --dry-run: unchanged, to create and conflicting sections, with their lines"
jqok '.sections[3].reason == "size = 512M differs from pagemap4 \"pm4\" size 256M" and
      .sections[3].pagemap.dev == "pagemap4" and .sections[2].pagemap == null' \
	"a conflict says what differs, in the file's terms"
if [ "$rc" -eq 1 ]; then pass "a conflict: exit 1"; else fail "a conflict: exit 1" "exit status $rc"; fi
ctl --sysroot "$five" apply --config "$conf" --dry-run --prune -j
jqok '[.sections[] | select(.outcome == "to_prune") | .name] == [] ' \
	"--prune --dry-run: the canned tree's named pagemaps all have sections but none"
ctl --sysroot "$five" apply --config "$conf" --dry-run scratch pm2
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] &&
   printf '%s\n' "$out" | grep -q "^scratch  unchanged  pagemap0  $conf/10-good.conf:2\$"; then
	pass "apply NAME...: a table of those sections, exit 0 when they are as they should be"
else
	fail "apply NAME...: a table of those sections" "exit status $rc" "$out" "$err"
fi
# the kernel keeps the reserve as asked (kernel/pagemap.c): 4K is not 2M
rconf=$tmp/conf-r
mkdir -p "$rconf"
printf '[pagemap scratch]\nstart = 0x100000000\nsize = 256M\nreserve = 4K\n' > "$rconf/10-r.conf"
ctl --sysroot "$five" apply --config "$rconf" --dry-run -j
jqok '.sections[0].outcome == "conflict" and
      .sections[0].reason == "reserve = 4K differs from pagemap0 \"scratch\" reserve 2M"' \
	"reserve = 4K against a pagemap with a 2M reserve: a conflict"
printf '[pagemap scratch]\nstart = 0x100000000\nsize = 256M\nreserve = 2M\n' > "$rconf/10-r.conf"
ctl --sysroot "$five" apply --config "$rconf" --dry-run -j
jqok '.sections[0].outcome == "unchanged"' "reserve = 2M against a 2M reserve: unchanged"
# quoted values and comments after them, as before
printf '[pagemap scratch]\nstart = "0x100000000"  # quoted\nsize = '"'"'256M'"'"'\naltmap = yes ; c\nreserve = 2M\n' > "$rconf/10-r.conf"
ctl --sysroot "$five" apply --config "$rconf" --dry-run -j
jqok '.sections[0].outcome == "unchanged"' "quoted values, comments after values"
printf '[pagemap scratch]\nstart =\nsize = 256M\n' > "$rconf/10-r.conf"
ctl --sysroot "$five" apply --config "$rconf" --dry-run
expect 2 "$rconf/10-r.conf:2: start: no value" "a key without a value: its line"
printf '[pagemap scratch]\nstart = ""\nsize = 256M\n' > "$rconf/10-r.conf"
ctl --sysroot "$five" apply --config "$rconf" --dry-run
expect 2 "$rconf/10-r.conf:2: start: no value" "an empty quoted value: no value"
ctl --sysroot "$five" apply --config "$conf" nosuch
expect 2 "no section [pagemap nosuch] in $conf" "apply of a section that does not exist: exit 2"
ctl --sysroot "$five" apply --config "$conf" --prune scratch
expect 2 "--prune applies to the whole configuration" "--prune with names: exit 2"
ctl --sysroot "$five" apply --config "$tmp/no-such-dir" -j
jqok '.sections == [] and .converged == true' "no configuration directory: nothing to do, converged"
finish
