// SPDX-License-Identifier: GPL-2.0
/* get_user_pages_remote() without the vmas array (Linux 6.5) */
#include <linux/mm.h>

long mr_probe(struct mm_struct *mm, struct page **page);
long mr_probe(struct mm_struct *mm, struct page **page)
{
	return get_user_pages_remote(mm, 0, 1, FOLL_NOFAULT, page, NULL);
}
