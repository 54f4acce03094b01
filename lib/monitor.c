// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Watching pagemaps come and go: a libudev monitor on the memremap
 * subsystem, from udev (after its rules ran) when udevd runs, else straight
 * from the kernel. Each event comes with the pagemap: read from sysfs on
 * "add" and "change", as last known on "remove" (its sysfs is gone by
 * then), or made from the event's properties for one never seen.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libudev.h>

#include "private.h"

struct memremap_monitor {
	struct memremap_ctx *ctx;
	struct udev *udev;
	struct udev_monitor *mon;
	bool from_udev;
};

MEMREMAP_EXPORT int memremap_monitor_new(struct memremap_ctx *ctx, struct memremap_monitor **out)
{
	struct memremap_monitor *m;
	int rc;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
	m->ctx = ctx;
	m->from_udev = access("/run/udev/control", F_OK) == 0;
	m->udev = udev_new();
	if (m->udev)
		m->mon = udev_monitor_new_from_netlink(m->udev, m->from_udev ? "udev" : "kernel");
	if (!m->mon) {
		rc = errno ? errno : EIO;
		memremap_monitor_free(m);
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, rc,
				     "cannot listen to %s events: %s",
				     access("/run/udev/control", F_OK) == 0 ? "udev" : "kernel",
				     strerror(rc));
	}
	if (udev_monitor_filter_add_match_subsystem_devtype(m->mon, MEMREMAP_CLASS_NAME,
							    NULL) < 0 ||
	    udev_monitor_enable_receiving(m->mon) < 0) {
		rc = errno ? errno : EIO;
		memremap_monitor_free(m);
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, rc,
				     "cannot listen to pagemap events: %s", strerror(rc));
	}
	udev_monitor_set_receive_buffer_size(m->mon, 4 * 1024 * 1024);
	/* what exists now, to describe what goes away later */
	rc = memremap_scan(ctx);
	if (rc < 0) {
		memremap_monitor_free(m);
		return rc;
	}
	mr_info(ctx, "watching pagemap events from %s", m->from_udev ? "udev" : "the kernel");
	*out = m;
	return 0;
}

MEMREMAP_EXPORT void memremap_monitor_free(struct memremap_monitor *mon)
{
	if (!mon)
		return;
	udev_monitor_unref(mon->mon);
	udev_unref(mon->udev);
	free(mon);
}

MEMREMAP_EXPORT int memremap_monitor_get_fd(struct memremap_monitor *mon)
{
	return udev_monitor_get_fd(mon->mon);
}

MEMREMAP_EXPORT bool memremap_monitor_from_udev(struct memremap_monitor *mon)
{
	return mon->from_udev;
}

static uint64_t prop_u64(struct udev_device *dev, const char *key, int base)
{
	const char *v = udev_device_get_property_value(dev, key);

	return v ? strtoull(v, NULL, base) : 0;
}

/* A pagemap the monitor never saw, from what its event says. */
static struct memremap_pagemap *from_properties(struct memremap_ctx *ctx, unsigned int id,
						struct udev_device *dev)
{
	struct memremap_pagemap *pm = memremap_pagemap_alloc(ctx);
	const char *v;

	if (!pm)
		return NULL;
	pm->info.id = id;
	snprintf(pm->devname, sizeof(pm->devname), "pagemap%u", id);
	v = udev_device_get_property_value(dev, "MEMREMAP_NAME");
	snprintf(pm->info.name, sizeof(pm->info.name), "%s", v ? v : "");
	v = udev_device_get_property_value(dev, "MEMREMAP_TYPE");
	pm->info.type = v && memremap_type_from_str(v) > 0 ?
			(uint32_t)memremap_type_from_str(v) : MEMREMAP_TYPE_NONE;
	pm->info.start = prop_u64(dev, "MEMREMAP_START", 16);
	pm->info.size = prop_u64(dev, "MEMREMAP_SIZE", 10);
	pm->info.align = 4096;
	pm->info.memmap_location = MEMREMAP_MEMMAP_RAM;
	if (udev_device_get_devnode(dev))
		pm->info.flags |= MEMREMAP_INFO_CHARDEV;
	v = udev_device_get_property_value(dev, "MEMREMAP_NAMESPACE");
	snprintf(pm->info.origin_namespace, sizeof(pm->info.origin_namespace), "%s", v ? v : "");
	v = udev_device_get_property_value(dev, "MEMREMAP_DAX_REGION");
	snprintf(pm->info.origin_dax_region, sizeof(pm->info.origin_dax_region), "%s", v ? v : "");
	return pm;
}

MEMREMAP_EXPORT int memremap_monitor_receive(struct memremap_monitor *mon, const char **action,
					     struct memremap_pagemap **pagemap)
{
	struct memremap_ctx *ctx = mon->ctx;
	struct memremap_pagemap *pm = NULL;
	struct udev_device *dev;
	const char *act, *sysname;
	unsigned int id;
	char end;
	int rc = 0;

	dev = udev_monitor_receive_device(mon->mon);
	if (!dev)
		return -EAGAIN;
	act = udev_device_get_action(dev);
	sysname = udev_device_get_sysname(dev);
	if (!act || !sysname || sscanf(sysname, "pagemap%u%c", &id, &end) != 1) {
		udev_device_unref(dev);
		return -EAGAIN;		/* not a pagemap of ours */
	}
	if (!strcmp(act, "remove")) {
		pm = memremap_list_find(ctx, id);
		if (pm)
			memremap_list_remove(ctx, pm);
		else
			pm = from_properties(ctx, id, dev);
	} else {
		rc = memremap_pagemap_read(ctx, id, &pm);
		if (rc == 1) {		/* gone already: its remove event follows */
			pm = memremap_list_find(ctx, id);
			if (!pm)
				pm = from_properties(ctx, id, dev);
			rc = 0;
		} else if (rc == 0) {
			rc = memremap_list_insert(ctx, pm);
		}
	}
	/* the action string lives as long as the monitor: one of ours */
	*action = !strcmp(act, "add") ? "add" : !strcmp(act, "remove") ? "remove" :
		  !strcmp(act, "change") ? "change" : "other";
	udev_device_unref(dev);
	if (rc < 0)
		return rc;
	if (!pm)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
	*pagemap = pm;
	return 0;
}
