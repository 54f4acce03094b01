// SPDX-License-Identifier: GPL-2.0
/* vm_flags_set(): vma->vm_flags is no longer written directly (Linux 6.3) */
#include <linux/mm.h>

void mr_probe(struct vm_area_struct *vma);
void mr_probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_HUGEPAGE);
}
