#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# libmemremap.so exports exactly the functions of its public header, all in
# LIBMEMREMAP_1, and nothing else.
. "$TOP_SRCDIR/test/unit/lib.sh"
so=$LIBMEMREMAP_SO_DIR/libmemremap.so.1
sed -n 's/^\t\(memremap_[a-z0-9_]*\);$/\1/p' "$TOP_SRCDIR/lib/libmemremap.sym" | sort > "$tmp/sym"
sed -n 's/^[a-z].*[ *]\(memremap_[a-z0-9_]*\)(.*/\1/p' "$TOP_SRCDIR/include/memremap/libmemremap.h" |
	sort -u > "$tmp/header"
if nm -D --defined-only "$so" > "$tmp/nm" 2>&1; then
	awk '$2 == "T" { print $3 }' "$tmp/nm" | sort > "$tmp/exported"
	sed 's/@.*//' "$tmp/exported" > "$tmp/names"
	if diff -u "$tmp/sym" "$tmp/names" > "$tmp/d1"; then
		pass "the library exports exactly the version script's symbols"
	else
		fail "the library exports exactly the version script's symbols" "$(cat "$tmp/d1")"
	fi
	if grep -qv "@@LIBMEMREMAP_1$" "$tmp/exported"; then
		fail "every exported symbol is versioned LIBMEMREMAP_1" "$(grep -v '@@LIBMEMREMAP_1$' "$tmp/exported")"
	else
		pass "every exported symbol is versioned LIBMEMREMAP_1"
	fi
else
	skip "the library exports exactly the version script's symbols" "no nm"
fi
if diff -u "$tmp/header" "$tmp/sym" > "$tmp/d2"; then
	pass "the version script lists every function of the public header"
else
	fail "the version script lists every function of the public header" "$(cat "$tmp/d2")"
fi
# the Debian symbols file names the same functions (dpkg-gensymbols fails
# the package build on a symbol it lacks, far later than this)
sed -n 's/^ \(memremap_[a-z0-9_]*\)@LIBMEMREMAP_1 .*/\1/p' "$TOP_SRCDIR/debian/libmemremap1.symbols" |
	sort > "$tmp/debian"
if diff -u "$tmp/sym" "$tmp/debian" > "$tmp/d3"; then
	pass "debian/libmemremap1.symbols lists the version script's symbols"
else
	fail "debian/libmemremap1.symbols lists the version script's symbols" "$(cat "$tmp/d3")"
fi
finish
