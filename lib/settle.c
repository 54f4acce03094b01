// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Waiting for udev to finish with one new pagemap device.
 *
 * A monitor on udev's netlink group is opened before the CREATE ioctl and
 * the kernel's uevent sequence number noted; afterwards the first "add"
 * event for pagemapN with a higher sequence number is udev's verdict on our
 * device.  Only that device is waited for, never the global udev queue;
 * nothing at all happens when udev does not run (/run/udev/control absent)
 * or when a udev rule runs the caller.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libudev.h>

#include "private.h"

struct memremap_settle {
	struct udev *udev;
	struct udev_monitor *mon;
	unsigned long long seqnum;	/* kernel uevent seqnum before the ioctl */
};

static unsigned long long read_seqnum(struct memremap_ctx *ctx)
{
	char path[4096];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kernel/uevent_seqnum", ctx->sysfs_root);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

void memremap_settle_free(struct memremap_settle *s)
{
	if (!s)
		return;
	udev_monitor_unref(s->mon);
	udev_unref(s->udev);
	free(s);
}

struct memremap_settle *memremap_settle_prepare(struct memremap_ctx *ctx)
{
	struct memremap_settle *s;

	if (ctx->settle_msec == 0 || access("/run/udev/control", F_OK) < 0) {
		mr_dbg(ctx, "udev is not running: not waiting for it");
		return NULL;
	}
	/*
	 * A program a udev rule runs is part of another device's event: waiting
	 * for udev there could wait for a worker this very event holds (and
	 * slows the queue in any case). udev gives such programs the event's
	 * SEQNUM, ACTION and DEVPATH.
	 */
	if (getenv("SEQNUM") && getenv("ACTION") && getenv("DEVPATH")) {
		mr_dbg(ctx, "run from udev (event %s): not waiting for it", getenv("SEQNUM"));
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->udev = udev_new();
	if (s->udev)
		s->mon = udev_monitor_new_from_netlink(s->udev, "udev");
	if (!s->mon ||
	    udev_monitor_filter_add_match_subsystem_devtype(s->mon, MEMREMAP_CLASS_NAME, NULL) < 0 ||
	    udev_monitor_enable_receiving(s->mon) < 0) {
		mr_err(ctx, "cannot listen to udev events; not waiting for udev");
		memremap_settle_free(s);
		return NULL;
	}
	/* a large buffer: events of other pagemaps may arrive in bulk */
	udev_monitor_set_receive_buffer_size(s->mon, 4 * 1024 * 1024);
	s->seqnum = read_seqnum(ctx);
	return s;
}

static long long now_msec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Is the device processed according to the udev database? (fallback) */
static bool is_initialized(struct memremap_settle *s, const char *devname)
{
	struct udev_device *dev;
	bool done;

	dev = udev_device_new_from_subsystem_sysname(s->udev, MEMREMAP_CLASS_NAME, devname);
	if (!dev)
		return false;
	done = udev_device_get_is_initialized(dev) > 0;
	udev_device_unref(dev);
	return done;
}

void memremap_settle_wait(struct memremap_ctx *ctx, struct memremap_settle *s,
			  const char *devname)
{
	long long deadline = now_msec() + ctx->settle_msec;
	struct pollfd pfd;

	if (!s)
		return;
	pfd.fd = udev_monitor_get_fd(s->mon);
	pfd.events = POLLIN;
	for (;;) {
		long long left = deadline - now_msec();
		struct udev_device *dev;
		int n;

		if (left <= 0)
			break;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		dev = udev_monitor_receive_device(s->mon);
		if (!dev) {
			/* lost events (buffer overrun): ask the database instead */
			if (is_initialized(s, devname))
				return;
			continue;
		}
		if (strcmp(udev_device_get_sysname(dev), devname) == 0 &&
		    strcmp(udev_device_get_action(dev) ?: "", "add") == 0 &&
		    udev_device_get_seqnum(dev) > s->seqnum) {
			mr_dbg(ctx, "udev finished with %s (seqnum %llu)", devname,
			       udev_device_get_seqnum(dev));
			udev_device_unref(dev);
			return;
		}
		udev_device_unref(dev);
	}
	mr_err(ctx, "udev did not finish with %s within %u ms", devname, ctx->settle_msec);
}
