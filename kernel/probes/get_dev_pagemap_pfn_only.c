// SPDX-License-Identifier: GPL-2.0
/* get_dev_pagemap(pfn) without the cached-pagemap argument (Linux 6.18) */
#include <linux/mm.h>
#include <linux/memremap.h>

struct dev_pagemap *mr_probe(unsigned long pfn);
struct dev_pagemap *mr_probe(unsigned long pfn)
{
	return get_dev_pagemap(pfn);
}
