// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: /sys/class/memremap/pagemapN and its uevents.
 * Documented in kernel/ABI/sysfs-class-memremap.
 */
#include <linux/device.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "internal.h"

static inline struct mr_pagemap *to_pm(struct device *dev)
{
	return container_of(dev, struct mr_pagemap, dev);
}

#define MR_ATTR(_name, _fmt, _expr)					\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	const struct mr_pagemap *pm = to_pm(dev);			\
									\
	return sysfs_emit(buf, _fmt "\n", _expr);			\
}									\
static DEVICE_ATTR_RO(_name)

MR_ATTR(id, "%u", pm->id);
MR_ATTR(name, "%s", pm->name);
MR_ATTR(type, "%s", mr_type_name(pm->type));
MR_ATTR(start, "0x%llx", pm->start);
MR_ATTR(size, "%llu", pm->size);
MR_ATTR(numa_node, "%d", pm->nid);
MR_ATTR(align, "%llu", pm->align);
MR_ATTR(altmap, "%d", pm->altmap ? 1 : 0);
MR_ATTR(altmap_reserve, "%llu", pm->altmap ? pm->reserve : 0);
MR_ATTR(altmap_free, "%llu", pm->altmap_free);
MR_ATTR(altmap_alloc, "%llu", pm->altmap_alloc);
MR_ATTR(memmap_bytes, "%llu", pm->memmap_bytes);
MR_ATTR(memmap_location, "%s",
	pm->memmap_location == MEMREMAP_MEMMAP_ALTMAP ? "altmap" : "ram");
MR_ATTR(data_offset, "%llu", pm->data_offset);
MR_ATTR(parent, "%s", pm->parent_name);
MR_ATTR(parent_start, "0x%llx", pm->parent_start);
MR_ATTR(parent_size, "%llu", pm->parent_size);
MR_ATTR(namespace, "%s", pm->origin_namespace);
MR_ATTR(dax_region, "%s", pm->origin_dax_region);
MR_ATTR(pci_bar, "%d", pm->pdev ? pm->bar : -1);
MR_ATTR(pci_offset, "%llu", pm->pci_offset);

static ssize_t pci_device_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	char name[MEMREMAP_PCI_NAME_MAX];

	mr_pci_name(to_pm(dev), name, sizeof(name));
	return sysfs_emit(buf, "%s\n", name);
}
static DEVICE_ATTR_RO(pci_device);

static struct attribute *mr_pagemap_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_name.attr,
	&dev_attr_type.attr,
	&dev_attr_start.attr,
	&dev_attr_size.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_align.attr,
	&dev_attr_altmap.attr,
	&dev_attr_altmap_reserve.attr,
	&dev_attr_altmap_free.attr,
	&dev_attr_altmap_alloc.attr,
	&dev_attr_memmap_bytes.attr,
	&dev_attr_memmap_location.attr,
	&dev_attr_data_offset.attr,
	&dev_attr_parent.attr,
	&dev_attr_parent_start.attr,
	&dev_attr_parent_size.attr,
	&dev_attr_namespace.attr,
	&dev_attr_dax_region.attr,
	&dev_attr_pci_device.attr,
	&dev_attr_pci_bar.attr,
	&dev_attr_pci_offset.attr,
	NULL,
};
ATTRIBUTE_GROUPS(mr_pagemap);

static int mr_uevent(MR_CONST_DEV struct device *dev,
		     struct kobj_uevent_env *env)
{
	const struct mr_pagemap *pm =
		container_of(dev, struct mr_pagemap, dev);
	int ret;

	ret = add_uevent_var(env, "MEMREMAP_ID=%u", pm->id);
	if (!ret)
		ret = add_uevent_var(env, "MEMREMAP_NAME=%s", pm->name);
	if (!ret)
		ret = add_uevent_var(env, "MEMREMAP_TYPE=%s",
				     mr_type_name(pm->type));
	if (!ret)
		ret = add_uevent_var(env, "MEMREMAP_START=0x%llx", pm->start);
	if (!ret)
		ret = add_uevent_var(env, "MEMREMAP_SIZE=%llu", pm->size);
	if (!ret && pm->origin_namespace[0])
		ret = add_uevent_var(env, "MEMREMAP_NAMESPACE=%s",
				     pm->origin_namespace);
	if (!ret && pm->origin_dax_region[0])
		ret = add_uevent_var(env, "MEMREMAP_DAX_REGION=%s",
				     pm->origin_dax_region);
	return ret;
}

static struct class mr_class = {
	.name = MEMREMAP_CLASS_NAME,
	MR_CLASS_OWNER
	.dev_groups = mr_pagemap_groups,
	.dev_uevent = mr_uevent,
};

static void mr_pagemap_release(struct device *dev)
{
	struct mr_pagemap *pm = to_pm(dev);

	pci_dev_put(pm->pdev);
	kfree(pm);
}

int mr_class_init(void)
{
	return class_register(&mr_class);
}

void mr_class_exit(void)
{
	class_unregister(&mr_class);
}

void mr_device_init(struct mr_pagemap *pm)
{
	device_initialize(&pm->dev);
	pm->dev.class = &mr_class;
	pm->dev.release = mr_pagemap_release;
}

int mr_device_publish(struct mr_pagemap *pm)
{
	int ret;

	ret = dev_set_name(&pm->dev, "pagemap%u", pm->id);
	if (ret)
		return ret;
	if (pm->nid >= 0)
		set_dev_node(&pm->dev, pm->nid);
	return device_add(&pm->dev);
}

void mr_device_unpublish(struct mr_pagemap *pm)
{
	device_del(&pm->dev);
}
