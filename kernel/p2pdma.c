// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: p2pdma pagemaps on a PCI device's BAR.
 *
 * MEMORY_DEVICE_PCI_P2PDMA pages belong to a provider: the PCI core keeps
 * them in the device's peer-to-peer pool with the BAR's bus offset, and
 * pci_p2pdma_add_resource() is the one way to make them. It allocates
 * everything with devres, so a pagemap lives until the device's driver
 * lets go of the device. The module therefore binds itself to the device
 * as its driver, and brackets each pagemap in a devres group of its own:
 * releasing that group tears down exactly that pagemap.
 *
 * One pagemap per device: the first pci_p2pdma_add_resource() on a device
 * sets up its pool inside that pagemap's group, and the pool goes with it.
 */
#include <linux/device.h>
#include <linux/memremap.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/slab.h>

#include "internal.h"

#define MR_PCI_DRIVER_NAME	"memremap_ctl"

void mr_pci_name(const struct mr_pagemap *pm, char *buf, size_t len)
{
	strscpy(buf, pm->pdev ? pci_name(pm->pdev) : "", len);
}

#ifdef CONFIG_PCI_P2PDMA

static int mr_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return 0;
}

static struct mr_pagemap *mr_find_by_pdev(struct pci_dev *pdev)
{
	struct mr_pagemap *pm;
	int id;

	idr_for_each_entry(&mr_pagemaps, pm, id)
		if (pm->pdev == pdev)
			return pm;
	return NULL;
}

/*
 * The device goes away from the module: unbound through sysfs, unplugged,
 * or the module is unloading. Its pagemap goes with it. Called with the
 * device lock held; mr_lock comes after it.
 */
static void mr_pci_remove(struct pci_dev *pdev)
{
	struct mr_pagemap *pm;

	mutex_lock(&mr_lock);
	pm = mr_find_by_pdev(pdev);
	if (pm)
		mr_detach(pm);
	mutex_unlock(&mr_lock);
	if (!pm)
		return;
	/* outside mr_lock: memunmap_pages() may wait for HOLD references */
	mr_release(pm);
	if (pm->bound)
		mr_pci_clear_override_locked(pdev, MR_PCI_DRIVER_NAME);
	put_device(&pm->dev);
}

/* No id table: the module binds only to devices it is asked to use. */
static struct pci_driver mr_pci_driver = {
	.name = MR_PCI_DRIVER_NAME,
	.probe = mr_pci_probe,
	.remove = mr_pci_remove,
};

int mr_pci_init(void)
{
	return pci_register_driver(&mr_pci_driver);
}

void mr_pci_exit(void)
{
	pci_unregister_driver(&mr_pci_driver);
}

/* Let go of a device the module bound to; mr_pci_lock held, mr_lock not. */
void mr_pci_unbind(struct pci_dev *pdev)
{
	device_release_driver(&pdev->dev);
	mr_pci_set_override(pdev, "");
}

/*
 * Bind the module to pdev, which no driver has, so that devres can hold
 * its pagemap. The driver_override keeps other drivers away meanwhile.
 */
static int mr_pci_bind(struct pci_dev *pdev)
{
	int ret;

	ret = mr_pci_set_override(pdev, MR_PCI_DRIVER_NAME);
	if (ret)
		return ret;
	ret = device_driver_attach(&mr_pci_driver.driver, &pdev->dev);
	if (!ret && pdev->dev.driver != &mr_pci_driver.driver)
		ret = -EBUSY;
	if (ret) {
		if (pdev->dev.driver == &mr_pci_driver.driver)
			device_release_driver(&pdev->dev);
		mr_pci_set_override(pdev, "");
	}
	return ret;
}

/*
 * Is the device bound to a driver other than the module, or reserved for
 * one by its driver_override? Name that driver.
 */
static bool mr_pci_foreign_driver(struct pci_dev *pdev,
				  struct memremap_status *st)
{
	char override[sizeof(st->conflict.name)];
	struct device_driver *drv;
	const char *name = NULL;
	u64 how = MEMREMAP_PCI_DRIVER_BOUND;

	device_lock(&pdev->dev);
	drv = pdev->dev.driver;
	if (drv && drv != &mr_pci_driver.driver) {
		name = drv->name;
	} else if (!drv &&
		   mr_pci_get_override(pdev, override, sizeof(override)) &&
		   strcmp(override, MR_PCI_DRIVER_NAME)) {
		name = override;
		how = MEMREMAP_PCI_DRIVER_OVERRIDE;
	}
	if (name) {
		mr_refuse(st, MEMREMAP_R_PCI_DRIVER, how);
		st->conflict.kind = MEMREMAP_CONFLICT_DRIVER;
		strscpy(st->conflict.name, name, sizeof(st->conflict.name));
	}
	device_unlock(&pdev->dev);
	return !!name;
}

/* Where the range lies in the BAR the request names. */
static int mr_p2pdma_bar_range(struct pci_dev *pdev,
			       const struct memremap_create *c,
			       u64 *start, u64 *size,
			       struct memremap_status *st)
{
	u64 len;

	if (c->pci_bar >= PCI_STD_NUM_BARS ||
	    !(pci_resource_flags(pdev, c->pci_bar) & IORESOURCE_MEM) ||
	    !pci_resource_len(pdev, c->pci_bar)) {
		mr_refuse(st, MEMREMAP_R_PCI_BAR_INVALID, c->pci_bar);
		return -EINVAL;
	}
	len = pci_resource_len(pdev, c->pci_bar);
	if (c->pci_offset >= len || c->length > len - c->pci_offset) {
		mr_refuse(st, MEMREMAP_R_PCI_BAR_RANGE, len);
		return -ERANGE;
	}
	*start = pci_resource_start(pdev, c->pci_bar) + c->pci_offset;
	*size = c->length ? c->length : len - c->pci_offset;
	return mr_check_range(*start, *size, st);
}

/*
 * MEMREMAP_IOC_CREATE with MEMREMAP_CREATE_PCI. Locks: mr_pci_lock, then
 * the device lock (binding, and while the pagemap is made), then mr_lock
 * for the pagemap itself.
 */
long mr_p2pdma_create(struct memremap_create *c)
{
	struct memremap_status *st = &c->status;
	struct pci_dev *pdev = NULL;
	bool bound = false;
	u64 start, size;
	long ret;

	mutex_lock(&mr_pci_lock);
	/* refuse what can be refused before the device is touched */
	mutex_lock(&mr_lock);
	ret = mr_validate(c, st);
	mutex_unlock(&mr_lock);
	if (ret)
		goto out;
	if (c->pci_devid <= 0xffff)
		pdev = pci_get_domain_bus_and_slot(c->pci_domain,
						   c->pci_devid >> 8,
						   c->pci_devid & 0xff);
	if (!pdev) {
		mr_refuse(st, MEMREMAP_R_PCI_NO_DEVICE, c->pci_devid);
		ret = -ENODEV;
		goto out;
	}
	ret = mr_p2pdma_bar_range(pdev, c, &start, &size, st);
	if (ret)
		goto out;
	if (mr_pci_foreign_driver(pdev, st)) {
		ret = -EBUSY;
		goto out;
	}
	if (!pdev->dev.driver) {
		ret = mr_pci_bind(pdev);
		if (ret) {
			mr_refuse(st, MEMREMAP_R_KERNEL, 0);
			st->error = ret;
			goto out;
		}
		bound = true;
	}

	/*
	 * Under the device lock: an unbind through sysfs runs mr_pci_remove()
	 * and then frees the device's devres under it, so a pagemap made in
	 * between would be freed behind the module's back.
	 */
	device_lock(&pdev->dev);
	mutex_lock(&mr_lock);
	ret = mr_create(c, pdev, bound);
	mutex_unlock(&mr_lock);
	device_unlock(&pdev->dev);

	/* refused: leave the device as it was found */
	if (ret && bound)
		mr_pci_unbind(pdev);
out:
	pci_dev_put(pdev);
	mutex_unlock(&mr_pci_lock);
	return ret;
}

static int mr_p2pdma_check(struct mr_pagemap *pm,
			   const struct memremap_create *c,
			   struct memremap_status *st)
{
	struct pci_dev *pdev = pm->pdev;
	struct mr_pagemap *other;
	int ret;

	ret = mr_p2pdma_bar_range(pdev, c, &pm->start, &pm->size, st);
	if (ret)
		return ret;
	pm->bar = c->pci_bar;
	pm->pci_offset = c->pci_offset;
	other = mr_find_by_pdev(pdev);
	if (other) {
		mr_refuse(st, MEMREMAP_R_PCI_TAKEN, 0);
		st->conflict.kind = MEMREMAP_CONFLICT_PAGEMAP;
		st->conflict.id = other->id;
		st->conflict.start = other->start;
		st->conflict.size = other->size;
		strscpy(st->conflict.name, other->name,
			sizeof(st->conflict.name));
		return -EBUSY;
	}
	/* something the PCI core set up without the module (another user) */
	if (rcu_access_pointer(pdev->p2pdma)) {
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = -EBUSY;
		return -EBUSY;
	}
	return mr_check_overlap(pm->start, pm->size, st);
}

/*
 * The p2pdma part of mr_create(), under mr_lock: check the BAR, claim the
 * range inside it, and have the PCI core make the pagemap.
 */
int mr_p2pdma_map(struct mr_pagemap *pm, const struct memremap_create *c,
		  struct memremap_status *st)
{
	struct pci_dev *pdev = pm->pdev;
	unsigned int nth;
	int ret;

	ret = mr_p2pdma_check(pm, c, st);
	if (ret)
		return ret;
	if (pdev->dev.driver != &mr_pci_driver.driver) {
		/* unbound since mr_p2pdma_create() looked */
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = -ENODEV;
		return -ENODEV;
	}
	/* before the claim, which would revoke /dev/mem mappings of it */
	ret = mr_check_memtype(pm, st);
	if (ret)
		return ret;
	ret = mr_claim(pm, st);
	if (ret)
		return ret;
	/* a mapping made since the check above */
	ret = mr_check_memtype(pm, st);
	if (ret)
		return ret;

	pm->devres_group = devres_open_group(&pdev->dev, NULL, GFP_KERNEL);
	if (!pm->devres_group) {
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = -ENOMEM;
		return -ENOMEM;
	}
	nth = mr_fault_isolate_begin();
	ret = pci_p2pdma_add_resource(pdev, pm->bar, pm->size, pm->pci_offset);
	mr_fault_isolate_end(nth);
	devres_close_group(&pdev->dev, pm->devres_group);
	if (ret) {
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = ret;
		return ret;
	}
	pm->mapped = true;

	/* the pagemap the core made; it lives as long as the devres group */
	pm->map = mr_get_dev_pagemap(PHYS_PFN(pm->start));
	if (!pm->map) {
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = -ENXIO;
		return -ENXIO;
	}
	put_dev_pagemap(pm->map);

	pm->align = PAGE_SIZE;
	pm->nid = page_to_nid(pfn_to_page(PHYS_PFN(pm->start)));
	pm->memmap_bytes = (pm->size >> PAGE_SHIFT) * sizeof(struct page);
	pm->memmap_location = MEMREMAP_MEMMAP_RAM;
	mr_measure_idle(pm);
	return 0;
}

/* Tear down the pagemap the PCI core made (its devres group). */
void mr_p2pdma_release(struct mr_pagemap *pm)
{
	if (pm->devres_group) {
		devres_release_group(&pm->pdev->dev, pm->devres_group);
		pm->devres_group = NULL;
	}
	pm->mapped = false;
}

#else /* !CONFIG_PCI_P2PDMA: type p2pdma is refused before any of this */

int mr_pci_init(void)
{
	return 0;
}

void mr_pci_exit(void)
{
}

void mr_pci_unbind(struct pci_dev *pdev)
{
}

/* mr_validate() refuses type p2pdma by the kernel option it lacks */
long mr_p2pdma_create(struct memremap_create *c)
{
	long ret;

	mutex_lock(&mr_lock);
	ret = mr_validate(c, &c->status);
	mutex_unlock(&mr_lock);
	return ret ? ret : -EOPNOTSUPP;
}

int mr_p2pdma_map(struct mr_pagemap *pm, const struct memremap_create *c,
		  struct memremap_status *st)
{
	return -EOPNOTSUPP;
}

void mr_p2pdma_release(struct mr_pagemap *pm)
{
}

#endif /* CONFIG_PCI_P2PDMA */
