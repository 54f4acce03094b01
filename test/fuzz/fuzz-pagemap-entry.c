// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Entries of /proc/PID/pagemap (lib/holders.c): the input's first byte is
 * the number of swap areas, then 8-byte entries as the kernel writes them.
 * A pfn is at most 55 bits; a swap file's entry points nowhere.
 */
#include "config.h"

#include "../../lib/private.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int nr_swapfiles;
	uint64_t e, pfn;

	if (!size)
		return 0;
	nr_swapfiles = data[0];
	for (data++, size--; size >= sizeof(e); data += sizeof(e), size -= sizeof(e)) {
		memcpy(&e, data, sizeof(e));
		pfn = memremap_pagemap_entry_pfn(e, nr_swapfiles);
		fuzz_assert(pfn == UINT64_MAX || pfn < 1ULL << 55);
		if (e >> 63)
			fuzz_assert(pfn == (e & ((1ULL << 55) - 1)));
		else if (!(e >> 62 & 1))
			fuzz_assert(pfn == UINT64_MAX);
	}
	return 0;
}
