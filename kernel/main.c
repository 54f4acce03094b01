// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: create, inspect and tear down ZONE_DEVICE page maps from
 * userspace through /dev/memremap.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "internal.h"

/* Serialises create, destroy, holds and lookups of the pagemap set. */
DEFINE_MUTEX(mr_lock);
/* Serialises binding to and unbinding from PCI devices (p2pdma). */
DEFINE_MUTEX(mr_pci_lock);
DEFINE_IDR(mr_pagemaps);

/*
 * A reference taken by MEMREMAP_IOC_HOLD, dropped when the file closes. It
 * keeps the pagemap's struct alive too: a p2pdma pagemap can go away with
 * its PCI device while held (the unbind then waits for the holder).
 */
struct mr_hold {
	struct list_head node;
	struct mr_pagemap *pm;
	struct dev_pagemap *pgmap;
};

struct mr_file {
	struct list_head holds;
};

static int mr_open(struct inode *inode, struct file *file)
{
	struct mr_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	INIT_LIST_HEAD(&f->holds);
	file->private_data = f;
	return 0;
}

static void mr_drop_hold(struct mr_hold *h)
{
	list_del(&h->node);
	put_dev_pagemap(h->pgmap);
	h->pm->holds--;
	put_device(&h->pm->dev);
	kfree(h);
}

static int mr_release_file(struct inode *inode, struct file *file)
{
	struct mr_file *f = file->private_data;
	struct mr_hold *h, *tmp;

	mutex_lock(&mr_lock);
	list_for_each_entry_safe(h, tmp, &f->holds, node)
		mr_drop_hold(h);
	mutex_unlock(&mr_lock);
	kfree(f);
	return 0;
}

/*
 * Copy an argument struct in. Its first field is its size: an older,
 * smaller struct than the module's is refused (there is only version 1),
 * a newer, larger one is accepted when its unknown tail is zero. Output
 * fields are cleared; 'in_size' is where they start.
 */
static int mr_copy_in(void *karg, size_t ksize, size_t in_size,
		      const void __user *uarg, u32 *usize)
{
	int ret;

	if (get_user(*usize, (const u32 __user *)uarg))
		return -EFAULT;
	if (*usize < ksize || *usize > PAGE_SIZE)
		return -EINVAL;
	ret = copy_struct_from_user(karg, ksize, uarg, *usize);
	if (ret)
		return ret;
	memset((char *)karg + in_size, 0, ksize - in_size);
	return 0;
}

static int mr_copy_out(void __user *uarg, const void *karg, size_t ksize)
{
	return copy_to_user(uarg, karg, ksize) ? -EFAULT : 0;
}

static bool mr_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

static long mr_ioc_version(void __user *uarg)
{
	struct memremap_version v;
	u32 usize;
	int ret;

	ret = mr_copy_in(&v, sizeof(v), sizeof(v.size), uarg, &usize);
	if (ret)
		return ret;
	v.size = sizeof(v);
	v.abi_version = MEMREMAP_ABI_VERSION;
	v.types = mr_supported_types();
	v.features = MEMREMAP_FEAT_ALTMAP | MEMREMAP_FEAT_HOLD |
		     mr_compound_features();
	if (IS_ENABLED(CONFIG_NUMA))
		v.features |= MEMREMAP_FEAT_NUMA;
	if (IS_ENABLED(CONFIG_DEVICE_PRIVATE))
		v.features |= MEMREMAP_FEAT_MIGRATE;
	if (IS_ENABLED(CONFIG_PCI_P2PDMA))
		v.features |= MEMREMAP_FEAT_PCI;
	if (IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP))
		v.features |= MEMREMAP_FEAT_SECTION_SHARING;
	v.compat_align = memremap_compat_align();
	v.section_size = MR_SECTION_SIZE;
	v.max_phys = mr_max_phys();
	v.page_size = PAGE_SIZE;
	v.struct_page_size = sizeof(struct page);
	v.max_count = MR_MAX_PAGEMAPS;
	mutex_lock(&mr_lock);
	{
		struct mr_pagemap *pm;
		int id;

		idr_for_each_entry(&mr_pagemaps, pm, id)
			v.count++;
	}
	mutex_unlock(&mr_lock);
	return mr_copy_out(uarg, &v, sizeof(v));
}

static long mr_ioc_create(void __user *uarg)
{
	struct memremap_create *c;
	u32 usize;
	long ret;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	ret = mr_copy_in(c, sizeof(*c), offsetof(struct memremap_create, status),
			 uarg, &usize);
	if (ret)
		goto out_free;

	if (!mr_zero(c->reserved, sizeof(c->reserved)) || c->reserved0 ||
	    strnlen(c->name, sizeof(c->name)) == sizeof(c->name) ||
	    strnlen(c->origin_namespace, sizeof(c->origin_namespace)) ==
	    sizeof(c->origin_namespace) ||
	    strnlen(c->origin_dax_region, sizeof(c->origin_dax_region)) ==
	    sizeof(c->origin_dax_region) ||
	    (!(c->flags & MEMREMAP_CREATE_PCI) &&
	     (c->pci_domain || c->pci_devid || c->pci_bar || c->pci_offset))) {
		mr_refuse(&c->status, MEMREMAP_R_BAD_STRUCT, 0);
		ret = -EINVAL;
	} else if (!capable(CAP_SYS_ADMIN)) {
		mr_refuse(&c->status, MEMREMAP_R_PERM, 0);
		ret = -EPERM;
	} else if (c->flags & MEMREMAP_CREATE_PCI) {
		ret = mr_p2pdma_create(c);
	} else {
		mutex_lock(&mr_lock);
		ret = mr_create(c, NULL, false);
		mutex_unlock(&mr_lock);
	}
	if (mr_copy_out(uarg, c, sizeof(*c)))
		ret = -EFAULT;
out_free:
	kfree(c);
	return ret;
}

static long mr_ioc_destroy(void __user *uarg)
{
	struct memremap_destroy d;
	struct pci_dev *unbind = NULL;
	u32 usize;
	long ret;

	ret = mr_copy_in(&d, sizeof(d), offsetof(struct memremap_destroy, status),
			 uarg, &usize);
	if (ret)
		return ret;
	if (d.flags || d.reserved0 || !mr_zero(d.reserved, sizeof(d.reserved))) {
		mr_refuse(&d.status, d.flags ? MEMREMAP_R_BAD_FLAGS :
			  MEMREMAP_R_BAD_STRUCT, d.flags);
		ret = -EINVAL;
	} else if (!capable(CAP_SYS_ADMIN)) {
		mr_refuse(&d.status, MEMREMAP_R_PERM, 0);
		ret = -EPERM;
	} else {
		mutex_lock(&mr_pci_lock);
		mutex_lock(&mr_lock);
		ret = mr_destroy(d.id, &d.status, &unbind);
		mutex_unlock(&mr_lock);
		if (unbind) {
			mr_pci_unbind(unbind);
			pci_dev_put(unbind);
		}
		mutex_unlock(&mr_pci_lock);
	}
	if (mr_copy_out(uarg, &d, sizeof(d)))
		ret = -EFAULT;
	return ret;
}

static long mr_ioc_query(void __user *uarg)
{
	struct memremap_query q;
	struct mr_pagemap *pm = NULL;
	u32 usize;
	long ret;

	ret = mr_copy_in(&q, sizeof(q), offsetof(struct memremap_query, info),
			 uarg, &usize);
	if (ret)
		return ret;
	if ((q.flags & ~MEMREMAP_QUERY_FLAGS) || q.reserved0 ||
	    !mr_zero(q.reserved, sizeof(q.reserved)) ||
	    strnlen(q.name, sizeof(q.name)) == sizeof(q.name))
		return -EINVAL;

	mutex_lock(&mr_lock);
	if (q.flags & MEMREMAP_QUERY_BY_NAME) {
		pm = mr_find_by_name(q.name);
	} else if (q.flags & MEMREMAP_QUERY_NEXT) {
		int id = q.id;

		pm = idr_get_next(&mr_pagemaps, &id);
	} else {
		pm = idr_find(&mr_pagemaps, q.id);
	}
	if (pm)
		mr_fill_info(pm, &q.info);
	mutex_unlock(&mr_lock);
	if (!pm)
		return -ENOENT;
	return mr_copy_out(uarg, &q, sizeof(q));
}

static long mr_ioc_hold(struct mr_file *f, void __user *uarg, bool hold)
{
	struct memremap_hold h;
	struct mr_hold *mh = NULL, *it;
	struct mr_pagemap *pm;
	u32 usize;
	long ret;

	ret = mr_copy_in(&h, sizeof(h), offsetof(struct memremap_hold, status),
			 uarg, &usize);
	if (ret)
		return ret;
	if (!mr_zero(h.reserved, sizeof(h.reserved))) {
		mr_refuse(&h.status, MEMREMAP_R_BAD_STRUCT, 0);
		ret = -EINVAL;
		goto out;
	}
	if (!capable(CAP_SYS_ADMIN)) {
		mr_refuse(&h.status, MEMREMAP_R_PERM, 0);
		ret = -EPERM;
		goto out;
	}

	mutex_lock(&mr_lock);
	pm = idr_find(&mr_pagemaps, h.id);
	if (!pm) {
		mr_refuse(&h.status, MEMREMAP_R_NO_SUCH_PAGEMAP, h.id);
		ret = -ENOENT;
	} else if (hold) {
		mh = kzalloc(sizeof(*mh), GFP_KERNEL);
		if (mh)
			mh->pgmap = mr_get_dev_pagemap(PHYS_PFN(pm->start));
		if (!mh || !mh->pgmap) {
			kfree(mh);
			ret = -ENOMEM;
		} else {
			mh->pm = pm;
			get_device(&pm->dev);
			pm->holds++;
			list_add(&mh->node, &f->holds);
		}
	} else {
		ret = -ENOENT;
		list_for_each_entry(it, &f->holds, node) {
			if (it->pm == pm) {
				mr_drop_hold(it);
				ret = 0;
				break;
			}
		}
		if (ret)
			mr_refuse(&h.status, MEMREMAP_R_NO_SUCH_PAGEMAP, h.id);
	}
	mutex_unlock(&mr_lock);
out:
	if (mr_copy_out(uarg, &h, sizeof(h)))
		ret = -EFAULT;
	return ret;
}

static long mr_ioc_migrate(void __user *uarg)
{
	struct memremap_migrate m;
	struct mr_pagemap *pm;
	u32 usize;
	long ret;

	ret = mr_copy_in(&m, sizeof(m), offsetof(struct memremap_migrate, migrated),
			 uarg, &usize);
	if (ret)
		return ret;
	if (!mr_zero(m.reserved, sizeof(m.reserved))) {
		mr_refuse(&m.status, MEMREMAP_R_BAD_STRUCT, 0);
		ret = -EINVAL;
	} else if (!capable(CAP_SYS_ADMIN)) {
		mr_refuse(&m.status, MEMREMAP_R_PERM, 0);
		ret = -EPERM;
	} else {
		mutex_lock(&mr_lock);
		pm = idr_find(&mr_pagemaps, m.id);
		if (!pm) {
			mr_refuse(&m.status, MEMREMAP_R_NO_SUCH_PAGEMAP, m.id);
			ret = -ENOENT;
		} else if (pm->type != MEMREMAP_TYPE_PRIVATE) {
			mr_refuse(&m.status, MEMREMAP_R_MIGRATE_TYPE, pm->type);
			ret = -EINVAL;
		} else {
			ret = mr_private_migrate(pm, m.addr, m.length,
						 &m.migrated, &m.status);
		}
		mutex_unlock(&mr_lock);
	}
	if (mr_copy_out(uarg, &m, sizeof(m)))
		ret = -EFAULT;
	return ret;
}

static long mr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case MEMREMAP_IOC_VERSION:
		return mr_ioc_version(uarg);
	case MEMREMAP_IOC_CREATE:
		return mr_ioc_create(uarg);
	case MEMREMAP_IOC_DESTROY:
		return mr_ioc_destroy(uarg);
	case MEMREMAP_IOC_QUERY:
		return mr_ioc_query(uarg);
	case MEMREMAP_IOC_HOLD:
		return mr_ioc_hold(file->private_data, uarg, true);
	case MEMREMAP_IOC_UNHOLD:
		return mr_ioc_hold(file->private_data, uarg, false);
	case MEMREMAP_IOC_MIGRATE:
		return mr_ioc_migrate(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations mr_fops = {
	.owner = THIS_MODULE,
	.open = mr_open,
	.release = mr_release_file,
	.unlocked_ioctl = mr_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice mr_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = MEMREMAP_DEVICE_NAME,
	.fops = &mr_fops,
	.mode = 0644,
};

static int __init mr_init(void)
{
	int ret;

	ret = mr_class_init();
	if (ret)
		return ret;
	ret = mr_pci_init();
	if (ret)
		goto err_class;
	ret = misc_register(&mr_misc);
	if (ret)
		goto err_pci;
	return 0;

err_pci:
	mr_pci_exit();
err_class:
	mr_class_exit();
	return ret;
}

static void __exit mr_exit(void)
{
	misc_deregister(&mr_misc);
	/* unbinding the PCI devices tears down the p2pdma pagemaps */
	mr_pci_exit();
	mutex_lock(&mr_lock);
	mr_destroy_all();
	mutex_unlock(&mr_lock);
	idr_destroy(&mr_pagemaps);
	mr_class_exit();
}

module_init(mr_init);
module_exit(mr_exit);

MODULE_DESCRIPTION("Create and tear down ZONE_DEVICE page maps from userspace");
MODULE_AUTHOR("The memremapctl developers");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1");
