// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CLI's value parsers (memremapctl/util.c): sizes, compound page sizes,
 * NUMA nodes, pagemap specs and START-END address ranges, each given the
 * input as one argument. What one accepts is what its callers rely on.
 */
#include "config.h"

#include "../../memremapctl/memremapctl.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	uint64_t v, start, end;
	int node;

	if (parse_size(s, &v, &why) < 0)
		fuzz_assert(why && *why);
	if (parse_align(s, &v, &why) == 0)
		fuzz_assert(v == 4096 || v == 2 << 20 || v == 1 << 30);
	if (parse_node(s, &node, &why) == 0)
		fuzz_assert(node >= -1);
	else
		fuzz_assert(why && *why);
	if (check_pagemap_spec(s, &why) < 0)
		fuzz_assert(why && *why);
	if (parse_vrange(s, &start, &end, &why) == 0)
		fuzz_assert(start < end && !(start % 4096) && !(end % 4096));
	else
		fuzz_assert(why && *why);
	free(s);
	return 0;
}
