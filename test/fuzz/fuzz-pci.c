// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * PCI addresses as create --pci takes them (lib/names.c): DOMAIN:BUS:SLOT.FN
 * or BUS:SLOT.FN in hex. An accepted address prints back as it reads.
 */
#include "config.h"

#include "../../lib/private.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	unsigned int domain, devid, d2, id2;
	const char *why = NULL;
	char back[32];

	if (memremap_pci_parse(s, &domain, &devid, &why) == 0) {
		fuzz_assert(!why && devid <= 0xffff);
		snprintf(back, sizeof(back), "%x:%02x:%02x.%x", domain, devid >> 8,
			 devid >> 3 & 0x1f, devid & 7);
		fuzz_assert(memremap_pci_parse(back, &d2, &id2, NULL) == 0);
		fuzz_assert(d2 == domain && id2 == devid);
	} else {
		fuzz_assert(why && *why);
	}
	fuzz_assert(memremap_pci_address_check(s, &why) == memremap_pci_parse(s, &d2, &id2, NULL));
	free(s);
	return 0;
}
