// SPDX-License-Identifier: GPL-2.0
/*
 * vm_operations_struct.huge_fault takes an enum page_entry_size (6.1; 6.12
 * and 6.19 take an order). The enum converts to the order's unsigned int,
 * so only the enum's own name tells the two apart.
 */
#include <linux/mm.h>

int mr_probe(void);
int mr_probe(void)
{
	enum page_entry_size size = PE_SIZE_PUD;

	return size;
}
