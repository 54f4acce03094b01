// SPDX-License-Identifier: GPL-2.0
/* page_pgmap(): a page's pagemap, no longer page->pgmap (Linux 6.15) */
#include <linux/mm.h>
#include <linux/memremap.h>

struct dev_pagemap *mr_probe(struct page *page);
struct dev_pagemap *mr_probe(struct page *page)
{
	return page_pgmap(page);
}
