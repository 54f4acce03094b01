// SPDX-License-Identifier: GPL-2.0-or-later
/* memremapctl's value parsing and formatting: sizes, align, nodes, pagemap names. */
#include "config.h"

#include <inttypes.h>

#include "../../memremapctl/memremapctl.h"
#include "tap.h"

static void size_ok(const char *in, uint64_t want)
{
	uint64_t got = 0;
	const char *why = NULL;
	int rc = parse_size(in, &got, &why);

	ok(rc == 0 && got == want, "size '%s' is %" PRIu64, in, want);
	if (rc || got != want)
		diag("got rc %d, value %" PRIu64 ", why %s", rc, got, why ? why : "-");
}

static void size_bad(const char *in, const char *reason)
{
	uint64_t got = 0;
	const char *why = NULL;

	ok(parse_size(in, &got, &why) < 0, "size '%s' is rejected", in);
	contains(why, reason, "  ... saying why");
}

static void human(uint64_t v, const char *want)
{
	char buf[32];

	format_human(buf, sizeof(buf), v);
	ok(strcmp(buf, want) == 0, "%" PRIu64 " bytes show as %s", v, want);
	if (strcmp(buf, want))
		diag("got %s", buf);
}

int main(void)
{
	uint64_t v;
	const char *why;
	int node;

	size_ok("0", 0);
	size_ok("4096", 4096);
	size_ok("0x80000000", 0x80000000ULL);
	size_ok("0X1f", 31);
	size_ok("2M", 2ULL << 20);
	size_ok("2m", 2ULL << 20);
	size_ok("512MiB", 512ULL << 20);
	size_ok("1G", 1ULL << 30);
	size_ok("3GiB", 3ULL << 30);
	size_ok("4k", 4096);
	size_ok("1T", 1ULL << 40);
	size_ok("010", 10);
	size_ok("16777215T", 16777215ULL << 40);
	size_ok("18446744073709551615", UINT64_MAX);
	size_ok("0xffffffffffffffff", UINT64_MAX);

	size_bad("", "empty");
	size_bad("-1", "negative");
	size_bad("-0x10", "negative");
	size_bad("12Q", "unknown suffix");
	size_bad("12MB", "trailing characters");
	size_bad("12M3", "trailing characters");
	size_bad("1.5G", "trailing characters");
	size_bad("0x", "no hex digits");
	size_bad("0x10M", "hex takes no suffix");
	size_bad("0xfg", "trailing characters");
	size_bad(" 5", "expected bytes");
	size_bad("+5", "expected bytes");
	size_bad("M", "expected bytes");
	size_bad("18446744073709551616", "too large");
	size_bad("0x10000000000000000", "too large");
	size_bad("16777216T", "too large");
	size_bad("17179869184G", "too large");

	ok(parse_align("4K", &v, &why) == 0 && v == 4096, "align 4K");
	ok(parse_align("2M", &v, &why) == 0 && v == 2ULL << 20, "align 2M");
	ok(parse_align("1G", &v, &why) == 0 && v == 1ULL << 30, "align 1G");
	ok(parse_align("2097152", &v, &why) == 0 && v == 2ULL << 20, "align in bytes");
	ok(parse_align("8K", &v, &why) < 0, "align 8K is rejected");
	contains(why, "4K, 2M or 1G", "  ... naming the sizes allowed");
	ok(parse_align("0", &v, &why) < 0, "align 0 is rejected");
	ok(parse_align("2X", &v, &why) < 0, "align 2X is rejected");

	ok(parse_node("0", &node, &why) == 0 && node == 0, "node 0");
	ok(parse_node("-1", &node, &why) == 0 && node == -1, "node -1");
	ok(parse_node("3", &node, &why) == 0 && node == 3, "node 3");
	ok(parse_node("-2", &node, &why) < 0, "node -2 is rejected");
	ok(parse_node("x", &node, &why) < 0, "node x is rejected");
	ok(parse_node("", &node, &why) < 0, "empty node is rejected");
	ok(parse_node("1a", &node, &why) < 0, "node 1a is rejected");
	ok(parse_node("99999999999", &node, &why) < 0, "node beyond int is rejected");

	ok(check_pagemap_spec("pagemap3", &why) == 0, "spec pagemap3");
	ok(check_pagemap_spec("3", &why) == 0, "spec 3");
	ok(check_pagemap_spec("scratch", &why) == 0, "spec scratch");
	ok(check_pagemap_spec("99999999999", &why) < 0, "spec id beyond 32 bits is rejected");
	ok(check_pagemap_spec("bad name", &why) < 0, "spec with a space is rejected");
	ok(check_pagemap_spec("", &why) < 0, "empty spec is rejected");

	{
		uint64_t s = 0, e = 0;

		ok(parse_vrange("7f1200000000-7f1200200000", &s, &e, &why) == 0 &&
		   s == 0x7f1200000000ULL && e == 0x7f1200200000ULL, "a range as maps prints it");
		ok(parse_vrange("0x1000-0X3000", &s, &e, &why) == 0 && s == 0x1000 && e == 0x3000,
		   "a range with 0x prefixes");
		ok(parse_vrange("1000-1800", &s, &e, &why) < 0 && strstr(why, "page size"),
		   "an unaligned end is rejected, saying why");
		ok(parse_vrange("3000-1000", &s, &e, &why) < 0 && strstr(why, "below"),
		   "an end below the start is rejected");
		ok(parse_vrange("1000", &s, &e, &why) < 0 && strstr(why, "START-END"),
		   "a range without its end is rejected");
		ok(parse_vrange("1000-", &s, &e, &why) < 0, "an empty end is rejected");
		ok(parse_vrange("g000-h000", &s, &e, &why) < 0, "no hexadecimal is rejected");
		ok(parse_vrange("10000000000000000-10000000000001000", &s, &e, &why) < 0,
		   "addresses beyond 64 bits are rejected");
	}

	human(0, "0");
	human(512, "512B");
	human(4096, "4K");
	human(2ULL << 20, "2M");
	human(512ULL << 20, "512M");
	human(1536ULL << 20, "1.5G");
	human(1ULL << 40, "1T");
	human(4097, "4.0K");

	ok(worse_status(EXIT_OK, EXIT_REFUSED) == EXIT_REFUSED, "refused is worse than success");
	ok(worse_status(EXIT_NOT_FOUND, EXIT_REFUSED) == EXIT_REFUSED, "refused is worse than not found");
	ok(worse_status(EXIT_SYSTEM, EXIT_PERMISSION) == EXIT_SYSTEM, "system is worse than permission");
	ok(worse_status(EXIT_PERMISSION, EXIT_REFUSED) == EXIT_PERMISSION, "permission is worse than refused");
	ok(exit_status_for(MEMREMAP_ERROR_REFUSED) == 1 && exit_status_for(MEMREMAP_ERROR_NOT_FOUND) == 3 &&
	   exit_status_for(MEMREMAP_ERROR_PERMISSION) == 4 && exit_status_for(MEMREMAP_ERROR_SYSTEM) == 5 &&
	   exit_status_for(MEMREMAP_ERROR_UNSUPPORTED) == 5 && exit_status_for(MEMREMAP_ERROR_INVALID) == 2,
	   "each kind of failure has its documented exit status");
	return done();
}
