// SPDX-License-Identifier: GPL-2.0
/* zone_device_page_init(page, pgmap, order) (Linux 6.19; before: (page)) */
#include <linux/mm.h>
#include <linux/memremap.h>

void mr_probe(struct page *page, struct dev_pagemap *pgmap);
void mr_probe(struct page *page, struct dev_pagemap *pgmap)
{
	zone_device_page_init(page, pgmap, 0);
}
