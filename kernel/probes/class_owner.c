// SPDX-License-Identifier: GPL-2.0
/* struct class.owner (removed in Linux 6.4) */
#include <linux/device.h>
#include <linux/module.h>

void mr_probe(struct class *class);
void mr_probe(struct class *class)
{
	class->owner = THIS_MODULE;
}
