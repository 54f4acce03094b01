// SPDX-License-Identifier: GPL-2.0
/* MEMORY_DEVICE_COHERENT pagemaps (Linux 6.0) */
#include <linux/mm.h>
#include <linux/memremap.h>

int mr_probe(void);
int mr_probe(void)
{
	return MEMORY_DEVICE_COHERENT;
}
