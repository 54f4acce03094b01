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
#include "pagemap_attrs.h"

static inline struct mr_pagemap *to_pm(struct device *dev)
{
	return container_of(dev, struct mr_pagemap, dev);
}

/*
 * Every attribute shows one field of what MEMREMAP_IOC_QUERY returns, so
 * sysfs and the ioctl cannot disagree; pagemap_attrs.h lists them.
 */
enum mr_attr_kind {
	MR_ATTR_U32, MR_ATTR_U64, MR_ATTR_ADDR, MR_ATTR_S32, MR_ATTR_STR,
	MR_ATTR_TYPE, MR_ATTR_LOCATION, MR_ATTR_FLAG, MR_ATTR_MEMTYPE,
};

#define MR_MEMTYPE_WORD(_memtype, _word) [_memtype] = _word,
static const char * const mr_memtype_names[] = {
	[MEMREMAP_MEMTYPE_UNKNOWN] = "none",
	MEMREMAP_MEMTYPE_WORDS(MR_MEMTYPE_WORD)
};

struct mr_attr {
	struct device_attribute dattr;
	enum mr_attr_kind kind;
	size_t offset;			/* in struct memremap_pagemap_info */
	u32 bit;			/* MR_ATTR_FLAG */
};

static ssize_t mr_attr_show(struct device *dev, struct device_attribute *da,
			    char *buf)
{
	const struct mr_attr *a = container_of(da, struct mr_attr, dattr);
	struct memremap_pagemap_info info;
	const void *p = (const char *)&info + a->offset;

	/* only this one walks page tables: the others need not wait for it */
	if (a->kind == MR_ATTR_MEMTYPE)
		mr_fill_info(to_pm(dev), &info);
	else
		mr_fill_info_fixed(to_pm(dev), &info);
	switch (a->kind) {
	case MR_ATTR_U32:
		return sysfs_emit(buf, "%u\n", *(const u32 *)p);
	case MR_ATTR_U64:
		return sysfs_emit(buf, "%llu\n", *(const u64 *)p);
	case MR_ATTR_ADDR:
		return sysfs_emit(buf, "0x%llx\n", *(const u64 *)p);
	case MR_ATTR_S32:
		return sysfs_emit(buf, "%d\n", *(const s32 *)p);
	case MR_ATTR_STR:
		return sysfs_emit(buf, "%s\n", (const char *)p);
	case MR_ATTR_TYPE:
		return sysfs_emit(buf, "%s\n", mr_type_name(*(const u32 *)p));
	case MR_ATTR_LOCATION:
		return sysfs_emit(buf, "%s\n",
				  *(const u32 *)p == MEMREMAP_MEMMAP_ALTMAP ?
				  "altmap" : "ram");
	case MR_ATTR_FLAG:
		return sysfs_emit(buf, "%d\n", !!(*(const u32 *)p & a->bit));
	case MR_ATTR_MEMTYPE:
		return sysfs_emit(buf, "%s\n", *(const u32 *)p <
				  ARRAY_SIZE(mr_memtype_names) ?
				  mr_memtype_names[*(const u32 *)p] : "none");
	}
	return -EINVAL;
}

#define MR_ATTR_DEFINE(_file, _kind, _field, _bit)			\
static struct mr_attr mr_attr_##_file = {				\
	.dattr = __ATTR(_file, MR_ATTR_##_kind == MR_ATTR_ADDR ?	\
			0400 : 0444, mr_attr_show, NULL),		\
	.kind = MR_ATTR_##_kind,					\
	.offset = offsetof(struct memremap_pagemap_info, _field),	\
	.bit = _bit,							\
};
MEMREMAP_PAGEMAP_ATTRS(MR_ATTR_DEFINE)

#define MR_ATTR_LIST(_file, _kind, _field, _bit) &mr_attr_##_file.dattr.attr,
static struct attribute *mr_pagemap_attrs[] = {
	MEMREMAP_PAGEMAP_ATTRS(MR_ATTR_LIST)
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

	mr_chardev_free(pm);
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
	ret = mr_chardev_prepare(pm);
	if (ret)
		return ret;
	if (pm->dev.devt)
		ret = cdev_device_add(&pm->cdev, &pm->dev);
	else
		ret = device_add(&pm->dev);
	if (!ret)
		mr_debugfs_add(pm);
	return ret;
}

void mr_device_unpublish(struct mr_pagemap *pm)
{
	mr_debugfs_remove(pm);
	if (pm->dev.devt)
		cdev_device_del(&pm->cdev, &pm->dev);
	else
		device_del(&pm->dev);
}
