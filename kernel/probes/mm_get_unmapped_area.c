// SPDX-License-Identifier: GPL-2.0
/* mm_get_unmapped_area(filp, ...) without the mm (6.19) */
#include <linux/mm.h>
#include <linux/sched/mm.h>

unsigned long mr_probe(struct file *filp, unsigned long len);
unsigned long mr_probe(struct file *filp, unsigned long len)
{
	return mm_get_unmapped_area(filp, 0, len, 0, 0);
}
