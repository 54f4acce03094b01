// SPDX-License-Identifier: GPL-2.0
/* dev_pagemap_ops.folio_free(folio) in place of page_free(page) (Linux 6.19) */
#include <linux/mm.h>
#include <linux/memremap.h>

void mr_probe(struct dev_pagemap_ops *ops, void (*fn)(struct folio *folio));
void mr_probe(struct dev_pagemap_ops *ops, void (*fn)(struct folio *folio))
{
	ops->folio_free = fn;
}
