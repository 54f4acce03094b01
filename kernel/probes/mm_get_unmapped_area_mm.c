// SPDX-License-Identifier: GPL-2.0
/* mm_get_unmapped_area(mm, filp, ...) (6.12; 6.1: mm->get_unmapped_area) */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

unsigned long mr_probe(struct file *filp, unsigned long len);
unsigned long mr_probe(struct file *filp, unsigned long len)
{
	return mm_get_unmapped_area(current->mm, filp, 0, len, 0, 0);
}
