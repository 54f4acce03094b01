// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A line of /proc/PID/maps (and of /proc/vmallocinfo) as the holder scans
 * read them (lib/holders.c): the input is the line, fgets()'s newline and
 * all. A parsed mapping has its end at or above its start and its path
 * inside the line.
 */
#include "config.h"

#include "../../lib/private.h"
#include "fuzz.h"

/* the range the scans look for: 256 MiB at 2 GiB */
#define START	0x80000000ULL
#define SIZE	0x10000000ULL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_string(data, size), caller[64];
	struct memremap_maps_entry e;
	uint64_t phys, len;
	int rc;

	if (memremap_maps_parse(line, &e) == 0) {
		fuzz_assert(e.from <= e.to);
		fuzz_assert(e.path >= line && e.path <= line + strlen(line));
		rc = memremap_pci_resource_bar(e.path);
		fuzz_assert(rc >= -1 && rc <= 5);
	}
	rc = memremap_maps_devmem(line, START, SIZE, &phys, &len);
	if (rc == 1)
		fuzz_assert(phys < START + SIZE && phys + len > START);
	rc = memremap_vmallocinfo_ioremap(line, START, SIZE, caller, sizeof(caller), &phys, &len);
	if (rc == 1)
		fuzz_assert(len && phys < START + SIZE && strlen(caller) < sizeof(caller));
	free(line);
	return 0;
}
