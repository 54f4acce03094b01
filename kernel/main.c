// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: create, inspect and tear down ZONE_DEVICE page maps from
 * userspace through /dev/memremap.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/nospec.h>
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

/* The actions: each runs once its struct passed mr_ioctl()'s checks. */

static long mr_ioc_version(struct mr_file *f, void *arg,
			   struct memremap_status *st)
{
	struct memremap_version *v = arg;
	struct mr_pagemap *pm;
	int id;

	v->abi_version = MEMREMAP_ABI_VERSION;
	v->types = mr_supported_types();
	v->features = MEMREMAP_FEAT_ALTMAP | MEMREMAP_FEAT_HOLD |
		      MEMREMAP_FEAT_CHARDEV | mr_compound_features();
	if (IS_ENABLED(CONFIG_NUMA))
		v->features |= MEMREMAP_FEAT_NUMA;
	if (IS_ENABLED(CONFIG_DEVICE_PRIVATE))
		v->features |= MEMREMAP_FEAT_MIGRATE;
	if (IS_ENABLED(CONFIG_DEVICE_MIGRATION))
		v->features |= MEMREMAP_FEAT_MIGRATE_PID;
	if (IS_ENABLED(CONFIG_PCI_P2PDMA))
		v->features |= MEMREMAP_FEAT_PCI;
	if (IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP))
		v->features |= MEMREMAP_FEAT_SECTION_SHARING;
	if (mr_memtype_supported())
		v->features |= MEMREMAP_FEAT_MEMTYPE;
	v->compat_align = memremap_compat_align();
	v->section_size = MR_SECTION_SIZE;
	v->max_phys = mr_max_phys();
	v->page_size = PAGE_SIZE;
	v->struct_page_size = sizeof(struct page);
	v->max_count = MR_MAX_PAGEMAPS;
	mutex_lock(&mr_lock);
	idr_for_each_entry(&mr_pagemaps, pm, id)
		v->count++;
	mutex_unlock(&mr_lock);
	return 0;
}

static long mr_ioc_create(struct mr_file *f, void *arg,
			  struct memremap_status *st)
{
	struct memremap_create *c = arg;
	long ret;

	if (!(c->flags & MEMREMAP_CREATE_PCI) &&
	    (c->pci_domain || c->pci_devid || c->pci_bar || c->pci_offset)) {
		mr_refuse(st, MEMREMAP_R_BAD_STRUCT, 0);
		return -EINVAL;
	}
	if (c->flags & MEMREMAP_CREATE_PCI)
		return mr_p2pdma_create(c);
	mutex_lock(&mr_lock);
	ret = mr_create(c, NULL, false);
	mutex_unlock(&mr_lock);
	return ret;
}

static long mr_ioc_destroy(struct mr_file *f, void *arg,
			   struct memremap_status *st)
{
	struct memremap_destroy *d = arg;
	struct pci_dev *unbind = NULL;
	long ret;

	mutex_lock(&mr_pci_lock);
	mutex_lock(&mr_lock);
	ret = mr_destroy(d->id, d->flags, st, &unbind);
	mutex_unlock(&mr_lock);
	if (unbind) {
		mr_pci_unbind(unbind);
		pci_dev_put(unbind);
	}
	mutex_unlock(&mr_pci_lock);
	return ret;
}

static long mr_ioc_query(struct mr_file *f, void *arg,
			 struct memremap_status *st)
{
	struct memremap_query *q = arg;
	struct mr_pagemap *pm = NULL;
	int id;

	mutex_lock(&mr_lock);
	if (q->flags & MEMREMAP_QUERY_BY_NAME) {
		pm = mr_find_by_name(q->name);
	} else if (q->id >= MR_MAX_PAGEMAPS) {
		pm = NULL;	/* no pagemap has it, and the idr takes an int */
	} else if (q->flags & MEMREMAP_QUERY_NEXT) {
		id = q->id;
		pm = idr_get_next(&mr_pagemaps, &id);
	} else {
		pm = idr_find(&mr_pagemaps, q->id);
	}
	if (pm)
		mr_fill_info(pm, &q->info);
	mutex_unlock(&mr_lock);
	/* as /proc/iomem: physical addresses for CAP_SYS_ADMIN alone */
	if (pm && !ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN)) {
		q->info.start = 0;
		q->info.parent_start = 0;
	}
	if (!pm) {
		mr_refuse(st, MEMREMAP_R_NO_SUCH_PAGEMAP, q->id);
		return -ENOENT;
	}
	return 0;
}

static long mr_ioc_hold(struct mr_file *f, void *arg,
			struct memremap_status *st)
{
	struct memremap_hold *h = arg;
	struct mr_pagemap *pm;
	struct mr_hold *mh;
	long ret = 0;

	mh = kzalloc(sizeof(*mh), GFP_KERNEL);
	if (!mh)
		return -ENOMEM;
	mutex_lock(&mr_lock);
	pm = idr_find(&mr_pagemaps, h->id);
	if (!pm) {
		mr_refuse(st, MEMREMAP_R_NO_SUCH_PAGEMAP, h->id);
		ret = -ENOENT;
		goto out;
	}
	mh->pgmap = mr_get_dev_pagemap(PHYS_PFN(pm->start));
	if (!mh->pgmap) {
		/* its references are being killed: a teardown is under way */
		mr_refuse(st, MEMREMAP_R_PAGEMAP_GOING, h->id);
		ret = -ENOENT;
		goto out;
	}
	mh->pm = pm;
	get_device(&pm->dev);
	pm->holds++;
	list_add(&mh->node, &f->holds);
	mh = NULL;
out:
	mutex_unlock(&mr_lock);
	kfree(mh);
	return ret;
}

static long mr_ioc_unhold(struct mr_file *f, void *arg,
			  struct memremap_status *st)
{
	struct memremap_hold *h = arg;
	struct mr_pagemap *pm;
	struct mr_hold *it;
	long ret = -ENOENT;

	mutex_lock(&mr_lock);
	pm = idr_find(&mr_pagemaps, h->id);
	list_for_each_entry(it, &f->holds, node) {
		if (pm && it->pm == pm) {
			mr_drop_hold(it);
			ret = 0;
			break;
		}
	}
	mutex_unlock(&mr_lock);
	if (ret)
		mr_refuse(st, MEMREMAP_R_NO_SUCH_PAGEMAP, h->id);
	return ret;
}

static long mr_ioc_migrate(struct mr_file *f, void *arg,
			   struct memremap_status *st)
{
	struct memremap_migrate *m = arg;
	struct mr_pagemap *pm;
	long ret;

	/* a migration holds mr_lock a while: a caller waiting may give up */
	if (mutex_lock_killable(&mr_lock))
		return -EINTR;
	pm = idr_find(&mr_pagemaps, m->id);
	if (!pm) {
		mr_refuse(st, MEMREMAP_R_NO_SUCH_PAGEMAP, m->id);
		ret = -ENOENT;
	} else if (!mr_has_devpages(pm)) {
		mr_refuse(st, MEMREMAP_R_MIGRATE_TYPE, pm->type);
		ret = -EINVAL;
	} else {
		ret = mr_migrate(pm, m, st);
		/* the counters moved: listeners (memremapctl monitor) re-read */
		if (m->migrated || ret == -EINTR)
			mr_counters_changed(pm);
	}
	mutex_unlock(&mr_lock);
	return ret;
}

/*
 * One entry per ioctl: what mr_ioctl() needs to take the struct in, check
 * it and give it back, so that an action holds nothing but itself.
 */
struct mr_field {
	u16 off, len;
};

struct mr_ioctl_desc {
	long (*act)(struct mr_file *f, void *arg, struct memremap_status *st);
	u16 size;		/* the module's struct */
	u16 size_ver0;		/* its first published size: the least taken */
	u16 out;		/* where the output begins */
	u16 status;		/* where its struct memremap_status lies */
	u16 flags;		/* where its __u32 flags lie; 0: it has none */
	u32 known_flags;
	bool admin;		/* needs CAP_SYS_ADMIN */
	struct mr_field zero[2];	/* reserved: must be zero */
	struct mr_field str[3];		/* strings: must hold their NUL */
};

#define MR_FIELD(type, f)	{ offsetof(type, f), sizeof_field(type, f) }

/*
 * The first size must hold the status: a refusal is always told. Checked
 * at build time, as is that a struct is never smaller than its first size.
 */
#define MR_IOCTL(type, ver0, first_out, fn, need_admin)			\
	.act = fn,							\
	.size = sizeof(type) +						\
		BUILD_BUG_ON_ZERO(sizeof(type) < (ver0)),		\
	.size_ver0 = (ver0) +						\
		BUILD_BUG_ON_ZERO(offsetof(type, status) +		\
				  sizeof(struct memremap_status) > (ver0)), \
	.out = offsetof(type, first_out),				\
	.status = offsetof(type, status),				\
	.admin = need_admin

static const struct mr_ioctl_desc mr_ioctls[] = {
	[_IOC_NR(MEMREMAP_IOC_VERSION)] = {
		MR_IOCTL(struct memremap_version, MEMREMAP_VERSION_SIZE_VER0,
			 status, mr_ioc_version, false),
		.flags = offsetof(struct memremap_version, flags),
	},
	[_IOC_NR(MEMREMAP_IOC_CREATE)] = {
		MR_IOCTL(struct memremap_create, MEMREMAP_CREATE_SIZE_VER0,
			 status, mr_ioc_create, true),
		.flags = offsetof(struct memremap_create, flags),
		.known_flags = MR_CREATE_FLAGS,
		.zero = { MR_FIELD(struct memremap_create, reserved0),
			  MR_FIELD(struct memremap_create, reserved) },
		.str = { MR_FIELD(struct memremap_create, name),
			 MR_FIELD(struct memremap_create, origin_namespace),
			 MR_FIELD(struct memremap_create, origin_dax_region) },
	},
	[_IOC_NR(MEMREMAP_IOC_DESTROY)] = {
		MR_IOCTL(struct memremap_destroy, MEMREMAP_DESTROY_SIZE_VER0,
			 status, mr_ioc_destroy, true),
		.flags = offsetof(struct memremap_destroy, flags),
		.known_flags = MR_DESTROY_FLAGS,
		.zero = { MR_FIELD(struct memremap_destroy, reserved0),
			  MR_FIELD(struct memremap_destroy, reserved) },
	},
	[_IOC_NR(MEMREMAP_IOC_QUERY)] = {
		MR_IOCTL(struct memremap_query, MEMREMAP_QUERY_SIZE_VER0,
			 status, mr_ioc_query, false),
		.flags = offsetof(struct memremap_query, flags),
		.known_flags = MR_QUERY_FLAGS,
		.zero = { MR_FIELD(struct memremap_query, reserved0),
			  MR_FIELD(struct memremap_query, reserved) },
		.str = { MR_FIELD(struct memremap_query, name) },
	},
	[_IOC_NR(MEMREMAP_IOC_HOLD)] = {
		MR_IOCTL(struct memremap_hold, MEMREMAP_HOLD_SIZE_VER0,
			 status, mr_ioc_hold, true),
		.zero = { MR_FIELD(struct memremap_hold, reserved) },
	},
	[_IOC_NR(MEMREMAP_IOC_UNHOLD)] = {
		MR_IOCTL(struct memremap_hold, MEMREMAP_HOLD_SIZE_VER0,
			 status, mr_ioc_unhold, true),
		.zero = { MR_FIELD(struct memremap_hold, reserved) },
	},
	[_IOC_NR(MEMREMAP_IOC_MIGRATE)] = {
		MR_IOCTL(struct memremap_migrate, MEMREMAP_MIGRATE_SIZE_VER0,
			 migrated, mr_ioc_migrate, true),
		.flags = offsetof(struct memremap_migrate, flags),
		.known_flags = MR_MIGRATE_FLAGS,
		.zero = { MR_FIELD(struct memremap_migrate, reserved) },
	},
};

/* What every struct must satisfy before its action runs. */
static long mr_check_struct(const struct mr_ioctl_desc *d, const char *arg,
			    struct memremap_status *st)
{
	u32 flags = d->flags ? *(const u32 *)(arg + d->flags) : 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(d->zero); i++) {
		if (memchr_inv(arg + d->zero[i].off, 0, d->zero[i].len)) {
			mr_refuse(st, MEMREMAP_R_BAD_STRUCT, 0);
			return -EINVAL;
		}
	}
	for (i = 0; i < ARRAY_SIZE(d->str); i++) {
		if (d->str[i].len &&
		    strnlen(arg + d->str[i].off, d->str[i].len) == d->str[i].len) {
			mr_refuse(st, MEMREMAP_R_BAD_STRUCT, 0);
			return -EINVAL;
		}
	}
	if (flags & ~d->known_flags) {
		mr_refuse(st, MEMREMAP_R_BAD_FLAGS, flags & ~d->known_flags);
		return -EINVAL;
	}
	if (d->admin && !capable(CAP_SYS_ADMIN)) {
		mr_refuse(st, MEMREMAP_R_PERM, 0);
		return -EPERM;
	}
	return 0;
}

/* No memory for the struct: tell so in the caller's status alone. */
static long mr_ioctl_nomem(void __user *uarg, const struct mr_ioctl_desc *d,
			   u32 filled)
{
	struct memremap_status st = {
		.reason = MEMREMAP_R_KERNEL,
		.error = -ENOMEM,
	};

	if (put_user(filled, (u32 __user *)uarg) ||
	    copy_to_user(uarg + d->status, &st, sizeof(st)))
		return -EFAULT;
	return -ENOMEM;
}

/*
 * For the ABI tests only: take every struct as this many bytes longer than
 * it is, as a newer module with fields appended would, so that callers
 * built against today's header are older callers (test/guest/abi-compat.sh).
 * The extra bytes are read, zero-filled for a shorter caller and written
 * back, but never looked at. Set only when the module is loaded.
 */
static unsigned int abi_test_grow;
module_param(abi_test_grow, uint, 0444);
MODULE_PARM_DESC(abi_test_grow,
		 "Tests only: bytes (a multiple of 8, up to 256) by which every ioctl struct is taken as longer, as by a newer module");
#define MR_ABI_TEST_GROW_MAX	256

/*
 * Structs up to this size are taken on the stack: DESTROY and UNHOLD then
 * never fail for want of memory (test/abi fault_injection_destroy).
 */
#define MR_STACK_ARG	256

/*
 * The one way in for every ioctl, as the header's rules say: the number
 * names the ioctl, the struct's own 'size' says how much of it the caller
 * knows (copy_struct_from_user() semantics from the first published size
 * up to a page), the output goes back as far as both sides know it, and
 * a failure without a reason of its own is MEMREMAP_R_KERNEL.
 */
static long mr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	u64 stack_arg[MR_STACK_ARG / sizeof(u64)];
	const struct mr_ioctl_desc *d;
	struct memremap_status *st;
	u32 usize, filled, ksize;
	char *karg = (char *)stack_arg;
	unsigned int nr = _IOC_NR(cmd);
	long ret;

	if (cmd != _IO(MEMREMAP_IOC_MAGIC, nr) || nr >= ARRAY_SIZE(mr_ioctls))
		return -ENOTTY;
	/* the caller picks the handler: no speculation past the bound */
	nr = array_index_nospec(nr, ARRAY_SIZE(mr_ioctls));
	d = &mr_ioctls[nr];
	if (!d->act)
		return -ENOTTY;
	if (get_user(usize, (const u32 __user *)uarg))
		return -EFAULT;
	if (usize < d->size_ver0 || usize > PAGE_SIZE)
		return -EINVAL;
	ksize = d->size + abi_test_grow;
	if (ksize > sizeof(stack_arg)) {
		karg = kmalloc(ksize, GFP_KERNEL);
		if (!karg)
			return mr_ioctl_nomem(uarg, d, min(usize, ksize));
	}
	filled = min(usize, ksize);
	ret = copy_struct_from_user(karg, ksize, uarg, usize);
	/* refused for its tail: its known part still goes back as it came */
	if (ret == -E2BIG && copy_from_user(karg, uarg, ksize))
		ret = -EFAULT;
	/*
	 * The answer must be able to go back before anything is done: write
	 * the bytes just read where they came from, so that a struct the
	 * caller cannot write (a read-only page) fails with nothing changed.
	 */
	if (ret != -EFAULT && copy_to_user(uarg, karg, filled))
		ret = -EFAULT;
	if (ret == -EFAULT)
		goto out_free;
	memset(karg + d->out, 0, d->size - d->out);
	st = (struct memremap_status *)(karg + d->status);
	if (ret)	/* -E2BIG: the caller asks for more than the module knows */
		mr_refuse(st, MEMREMAP_R_BAD_STRUCT, ksize);
	else
		ret = mr_check_struct(d, karg, st);
	if (!ret)
		ret = d->act(file->private_data, karg, st);
	if (ret && st->reason == MEMREMAP_R_NONE)
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
	if (ret && st->reason == MEMREMAP_R_KERNEL && !st->error)
		st->error = ret;
	*(u32 *)karg = filled;
	if (copy_to_user(uarg, karg, filled))
		ret = -EFAULT;
out_free:
	if (karg != (char *)stack_arg)
		kfree(karg);
	return ret;
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

	/* teardown must not depend on memory: see MR_STACK_ARG */
	BUILD_BUG_ON(sizeof(struct memremap_destroy) > MR_STACK_ARG);
	BUILD_BUG_ON(sizeof(struct memremap_hold) > MR_STACK_ARG);
	if (abi_test_grow % 8 || abi_test_grow > MR_ABI_TEST_GROW_MAX) {
		pr_err("abi_test_grow=%u: a multiple of 8 up to %u\n",
		       abi_test_grow, MR_ABI_TEST_GROW_MAX);
		return -EINVAL;
	}

	ret = mr_chardev_init();
	if (ret)
		return ret;
	ret = mr_class_init();
	if (ret)
		goto err_chardev;
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
err_chardev:
	mr_chardev_exit();
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
	mr_chardev_exit();
}

module_init(mr_init);
module_exit(mr_exit);

MODULE_DESCRIPTION("Create and tear down ZONE_DEVICE page maps from userspace");
MODULE_AUTHOR("The memremapctl developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(MEMREMAP_CTL_VERSION);	/* configure.ac's, from Kbuild */
