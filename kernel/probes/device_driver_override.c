// SPDX-License-Identifier: GPL-2.0
/*
 * The driver override in struct device, set with device_set_driver_override()
 * (Debian's 6.12.117: pci_dev.driver_override is gone there)
 */
#include <linux/device.h>

int mr_probe(struct device *dev);
int mr_probe(struct device *dev)
{
	return device_set_driver_override(dev, "") + !!dev->driver_override.name;
}
