// SPDX-License-Identifier: GPL-2.0
/*
 * vmemmap_can_optimize(): does a pagemap's memmap share its tail pages
 * (Linux 6.4, backported to 6.1.3x)
 */
#include <linux/mm.h>
#include <linux/memremap.h>

bool mr_probe(struct dev_pagemap *pgmap);
bool mr_probe(struct dev_pagemap *pgmap)
{
	return vmemmap_can_optimize(NULL, pgmap);
}
