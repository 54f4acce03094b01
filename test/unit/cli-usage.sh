#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every malformed command line fails with exit status 2 and a message that
# quotes the bad value, before libmemremap is even started: with
# MEMREMAP_LOG=debug the library would log the moment it started.
. "$TOP_SRCDIR/test/unit/lib.sh"

export MEMREMAP_LOG=debug MEMREMAP_DEV="$tmp/no-such-node"
A=0x80000000

# bad STATUS TEXT ARGS...: memremapctl ARGS fails with STATUS, TEXT on stderr,
# nothing on stdout and no sign of the library
bad() {
	want=$1 text=$2
	shift 2
	ctl "$@"
	if [ "$rc" -eq "$want" ] && [ -z "$out" ] && printf '%s' "$err" | grep -qF -- "$text" &&
	   ! printf '%s' "$err" | grep -q "libmemremap: "; then
		pass "memremapctl $* -> $want: $text"
	else
		fail "memremapctl $* -> $want: $text" "exit status $rc" "stdout: $out" "stderr: $err"
	fi
}

bad 2 "create: invalid --size '12Q': unknown suffix" create --start $A --size 12Q
bad 2 "invalid --size '-1': negative" create --start $A --size -1
bad 2 "invalid --size '': empty" create --start $A --size ''
bad 2 "invalid --size '99999999999999999999': too large" create --start $A --size 99999999999999999999
bad 2 "invalid --size '16777216T': too large" create --start $A --size 16777216T
bad 2 "invalid --size '1.5G'" create --start $A --size 1.5G
bad 2 "invalid --size '2M junk'" create --start $A --size '2M junk'
bad 2 "invalid --start '0x': no hex digits" create --start 0x --size 2M
bad 2 "invalid --start '0x8000000g'" create --start 0x8000000g --size 2M
bad 2 "invalid --start 'two'" create --start two --size 2M
bad 2 "invalid --reserve 'abc'" create --start $A --size 512M --reserve abc
bad 2 "invalid --align '8K': the compound page size must be 4K, 2M or 1G" create --start $A --size 512M --align 8K
bad 2 "invalid --align '3M'" create --start $A --size 512M --align 3M
bad 2 "invalid --type 'foo': must be generic, fsdax, coherent, private or p2pdma" create --start $A --size 2M --type foo
bad 2 "invalid --type 'GENERIC'" create --start $A --size 2M -t GENERIC
bad 2 "invalid --numa-node 'x'" create --start $A --size 2M --numa-node x
bad 2 "invalid --numa-node '-2'" create --start $A --size 2M --numa-node -2
bad 2 "invalid --name 'bad name': a name may only contain" create --start $A --size 2M --name 'bad name'
bad 2 "invalid --name 'all': \"all\" is reserved" create --start $A --size 2M --name all
bad 2 "invalid --name 'pagemap3': a name cannot have the form pagemapN" create --start $A --size 2M --name pagemap3
bad 2 "invalid --name '123': a name cannot be all digits" create --start $A --size 2M --name 123
bad 2 "invalid --name 'abcdefghijabcdefghijabcdefghij12': a name has at most 31" \
	create --start $A --size 2M --name abcdefghijabcdefghijabcdefghij12
bad 2 "invalid --name '': a name needs at least one" create --start $A --size 2M --name ''
bad 2 "create: missing --size" create --start $A
bad 2 "create: missing --start" create --size 2M
bad 2 "create: unknown option '--bogus'" create --start $A --size 2M --bogus
bad 2 "create: unknown option '-x'" create --start $A --size 2M -x
bad 2 "create: option '--size' needs a value" create --start $A --size
bad 2 "create: unexpected argument 'extra'" create --start $A --size 2M extra
bad 2 "list: invalid --type 'foo'" list -t foo
bad 2 "list: invalid --pagemap 'a b'" list -p 'a b'
bad 2 "list: invalid --pagemap '99999999999': the id is too large" list -p 99999999999
bad 2 "list: invalid --name 'x/y'" list -n x/y
bad 2 "list: unexpected argument 'pagemap0'" list pagemap0
bad 2 "list: unknown option '--all'" list --all
bad 2 "destroy: missing PAGEMAP" destroy
bad 2 "destroy: 'all' cannot be combined" destroy all pagemap1
bad 2 "destroy: 'all' cannot be combined" destroy pagemap1 all
bad 2 "destroy: invalid pagemap 'bad name'" destroy pagemap1 'bad name'
bad 2 "destroy: unknown option '--force'" destroy --force all
bad 2 "version: unexpected argument 'now'" version now
bad 2 "help: unknown command 'frobnicate'" help frobnicate
bad 2 "memremapctl: missing COMMAND" 
bad 2 "memremapctl: unknown command 'frobnicate'" frobnicate
bad 2 "memremapctl: unknown option '--frob'" --frob list

for cmd in create list destroy version help; do
	ctl "$cmd" --help
	if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q "^usage: memremapctl $cmd"; then
		pass "memremapctl $cmd --help prints its usage"
	else
		fail "memremapctl $cmd --help prints its usage" "exit status $rc" "$out"
	fi
done
ctl --help
if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q "create .*create a pagemap"; then
	pass "memremapctl --help lists the commands"
else
	fail "memremapctl --help lists the commands" "$out"
fi

unset MEMREMAP_LOG
mkdir -p "$tmp/empty"
ctl --sysroot "$tmp/empty" --version
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qx "module ABI: not loaded" &&
   printf '%s\n' "$out" | grep -q "^libmemremap: [0-9]"; then
	pass "--version without the module says not loaded"
else
	fail "--version without the module says not loaded" "exit status $rc" "$out" "$err"
fi
ctl --sysroot "$tmp/empty" version -j
if [ "$rc" -eq 0 ] && [ -n "${JQ:-}" ] &&
   printf '%s' "$out" | "$JQ" -e '.module == null and (.memremapctl | type) == "string"' > /dev/null; then
	pass "version -j has a null module when it is not loaded"
elif [ -z "${JQ:-}" ]; then
	skip "version -j has a null module when it is not loaded" "no jq"
else
	fail "version -j has a null module when it is not loaded" "$out"
fi
finish
