// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The control node /dev/memremap: opening it (loading memremap_ctl through
 * libkmod when it is missing) and what the VERSION ioctl tells.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <libkmod.h>

#include "private.h"

static void kmod_log_forward(void *data, int priority, const char *file, int line,
			     const char *fn, const char *format, va_list args)
{
	struct memremap_ctx *ctx = data;
	char msg[512];
	size_t n;

	if (ctx->log_priority < LOG_DEBUG || !ctx->log_fn)
		return;
	vsnprintf(msg, sizeof(msg), format, args);
	n = strlen(msg);
	if (n && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	memremap_log(ctx, LOG_DEBUG, file, line, fn, "libkmod: %s", msg);
}

/*
 * Unknown symbols make the kernel answer ENOENT to init_module.  The one
 * the module cannot do without is memremap_pages(): without it the kernel
 * has no ZONE_DEVICE.  /proc/kallsyms lists it (address hidden) for anyone.
 */
static bool kernel_has_symbol(const char *sym)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "re");
	size_t len = strlen(sym);

	if (!f)
		return true;	/* cannot tell: do not blame the kernel */
	while (!found && fgets(line, sizeof(line), f)) {
		char *p = strrchr(line, ' ');

		if (p && strncmp(p + 1, sym, len) == 0 &&
		    (p[1 + len] == '\n' || p[1 + len] == '\t' || p[1 + len] == '\0'))
			found = true;
	}
	fclose(f);
	return found;
}

static int load_failed(struct memremap_ctx *ctx, int rc, const char *path)
{
	struct utsname u;
	const char *release = uname(&u) == 0 ? u.release : "this kernel";

	switch (-rc) {
	case EPERM:
	case EACCES:
		return memremap_fail(ctx, MEMREMAP_ERROR_PERMISSION, EPERM,
				     "cannot load module %s: loading kernel modules needs "
				     "root (CAP_SYS_MODULE)", MODULE_NAME);
	case ENOENT:
		if (!kernel_has_symbol("memremap_pages"))
			return memremap_fail(ctx, MEMREMAP_ERROR_UNSUPPORTED, ENODEV,
					     "kernel %s has no ZONE_DEVICE support "
					     "(CONFIG_ZONE_DEVICE), which %s needs", release,
					     MODULE_NAME);
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOENT,
				     "cannot load module %s (%s): kernel %s lacks symbols "
				     "it needs (built for another kernel?)", MODULE_NAME,
				     path, release);
	case ENODEV:
		return memremap_fail(ctx, MEMREMAP_ERROR_UNSUPPORTED, ENODEV,
				     "module %s refused to load: kernel %s lacks the "
				     "ZONE_DEVICE support it needs", MODULE_NAME, release);
	case ENOEXEC:
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOEXEC,
				     "cannot load module %s (%s): it was built for another "
				     "kernel than %s", MODULE_NAME, path, release);
	case EKEYREJECTED:
	case ENOKEY:
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, -rc,
				     "cannot load module %s (%s): the kernel rejected its "
				     "signature (Secure Boot needs a signed module)",
				     MODULE_NAME, path);
	}
	return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, -rc, "cannot load module %s (%s): %s",
			     MODULE_NAME, path, strerror(-rc));
}

static int load_module(struct memremap_ctx *ctx)
{
	struct kmod_ctx *kctx;
	struct kmod_module *mod = NULL;
	const char *path;
	int rc;

	kctx = kmod_new(NULL, NULL);
	if (!kctx)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM,
				     "cannot load module %s: libkmod failed to start",
				     MODULE_NAME);
	kmod_set_log_fn(kctx, kmod_log_forward, ctx);
	kmod_set_log_priority(kctx, LOG_DEBUG);
	rc = kmod_module_new_from_name(kctx, MODULE_NAME, &mod);
	if (rc < 0) {
		rc = memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, -rc,
				   "cannot load module %s: %s", MODULE_NAME, strerror(-rc));
		goto out;
	}
	switch (kmod_module_get_initstate(mod)) {
	case KMOD_MODULE_LIVE:
	case KMOD_MODULE_BUILTIN:
		mr_dbg(ctx, "%s is loaded already", MODULE_NAME);
		rc = 0;
		goto out;
	default:
		break;
	}
	path = kmod_module_get_path(mod);
	if (!path) {
		struct utsname u;

		rc = memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOENT,
				   "module %s is not installed for kernel %s",
				   MODULE_NAME, uname(&u) == 0 ? u.release : "?");
		goto out;
	}
	mr_info(ctx, "%s is missing: loading %s", ctx->device_path, path);
	rc = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
	if (rc == -EEXIST)
		rc = 0;		/* someone else loaded it meanwhile */
	if (rc < 0)
		rc = load_failed(ctx, rc, path);
	else if (rc > 0)
		rc = memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, EPERM,
				   "module %s is blacklisted", MODULE_NAME);
out:
	kmod_module_unref(mod);
	kmod_unref(kctx);
	return rc;
}

static int open_node(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	/* VERSION and QUERY work on a read-only descriptor */
	if (fd < 0 && (errno == EACCES || errno == EPERM))
		fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd;
}

/* devtmpfs makes the node inside misc_register(); allow a moment anyway */
static int wait_for_node(const char *path)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int fd = -1, i;

	for (i = 0; i < 100; i++) {
		fd = open_node(path);
		if (fd >= 0 || errno != ENOENT)
			break;
		nanosleep(&pause, NULL);
	}
	return fd;
}

int memremap_control_fd(struct memremap_ctx *ctx)
{
	bool default_node = strcmp(ctx->device_path, DEFAULT_DEVICE_PATH) == 0;
	int fd, rc;

	if (ctx->control_fd >= 0)
		return ctx->control_fd;
	mr_dbg(ctx, "opening %s", ctx->device_path);
	fd = open_node(ctx->device_path);
	if (fd < 0 && errno == ENOENT && ctx->autoload && default_node) {
		rc = load_module(ctx);
		if (rc < 0)
			return rc;
		fd = wait_for_node(ctx->device_path);
		if (fd < 0 && errno == ENOENT)
			return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOENT,
					     "module %s is loaded but %s did not appear "
					     "(is devtmpfs mounted on /dev?)", MODULE_NAME,
					     ctx->device_path);
	}
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT)
			return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOENT,
					     "%s does not exist: module %s is not loaded",
					     ctx->device_path, MODULE_NAME);
		return memremap_fail(ctx, e == EACCES || e == EPERM ?
				     MEMREMAP_ERROR_PERMISSION : MEMREMAP_ERROR_SYSTEM, e,
				     "cannot open %s: %s", ctx->device_path, strerror(e));
	}
	ctx->control_fd = fd;
	return fd;
}

void memremap_control_close(struct memremap_ctx *ctx)
{
	if (ctx->control_fd >= 0)
		close(ctx->control_fd);
	ctx->control_fd = -1;
}

MEMREMAP_EXPORT int memremap_kernel_query(struct memremap_ctx *ctx)
{
	struct memremap_version v = { .size = sizeof(v) };
	int fd, rc;

	fd = memremap_control_fd(ctx);
	if (fd < 0)
		return fd;
	rc = ioctl(fd, MEMREMAP_IOC_VERSION, &v) < 0 ? -errno : 0;
	if (rc == -ENOTTY)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOTTY,
				     "%s does not answer the memremap_ctl VERSION request "
				     "(is it another driver's node?)", ctx->device_path);
	if (rc < 0)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, -rc,
				     "cannot ask %s what it supports: %s", ctx->device_path,
				     strerror(-rc));
	if (v.abi_version == 0)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, EPROTO,
				     "%s reports ABI version 0", ctx->device_path);
	mr_dbg(ctx, "module ABI %u, types 0x%x, features 0x%x, %u of %u pagemaps",
	       v.abi_version, v.types, v.features, v.count, v.max_count);
	ctx->kinfo = v;
	return 0;
}

MEMREMAP_EXPORT unsigned int memremap_kernel_get_abi_version(struct memremap_ctx *ctx)
{
	return ctx->kinfo.abi_version;
}

MEMREMAP_EXPORT bool memremap_kernel_supports_type(struct memremap_ctx *ctx,
						   enum memremap_type type)
{
	/* any type the module reports, also one this library cannot name */
	if ((unsigned int)type == MEMREMAP_TYPE_NONE || (unsigned int)type >= 32)
		return false;
	return ctx->kinfo.types & (1U << type);
}

MEMREMAP_EXPORT unsigned int memremap_kernel_get_features(struct memremap_ctx *ctx)
{
	return ctx->kinfo.features;
}

MEMREMAP_EXPORT uint64_t memremap_kernel_get_compat_align(struct memremap_ctx *ctx)
{
	return ctx->kinfo.compat_align;
}

MEMREMAP_EXPORT uint64_t memremap_kernel_get_section_size(struct memremap_ctx *ctx)
{
	return ctx->kinfo.section_size;
}

MEMREMAP_EXPORT uint64_t memremap_kernel_get_max_phys(struct memremap_ctx *ctx)
{
	return ctx->kinfo.max_phys;
}

MEMREMAP_EXPORT unsigned int memremap_kernel_get_page_size(struct memremap_ctx *ctx)
{
	return ctx->kinfo.page_size;
}

MEMREMAP_EXPORT unsigned int memremap_kernel_get_struct_page_size(struct memremap_ctx *ctx)
{
	return ctx->kinfo.struct_page_size;
}

MEMREMAP_EXPORT unsigned int memremap_kernel_get_max_count(struct memremap_ctx *ctx)
{
	return ctx->kinfo.max_count;
}
