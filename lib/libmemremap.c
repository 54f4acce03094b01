// SPDX-License-Identifier: LGPL-2.1-or-later
/* The library context: references, logging, settings, the last error. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "private.h"

static void log_stderr(struct memremap_ctx *ctx, int priority, const char *file, int line,
		       const char *fn, const char *format, va_list args)
{
	fprintf(stderr, "libmemremap: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void memremap_log(struct memremap_ctx *ctx, int priority, const char *file, int line,
		  const char *fn, const char *format, ...)
{
	va_list args;

	if (!ctx->log_fn)
		return;
	va_start(args, format);
	ctx->log_fn(ctx, priority, file, line, fn, format, args);
	va_end(args);
}

static const char *const priority_names[] = {
	[LOG_EMERG] = "emerg", [LOG_ALERT] = "alert", [LOG_CRIT] = "crit",
	[LOG_ERR] = "err", [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

/* "err", "debug", ... or a number 0-7; -1 when it is neither. */
int memremap_log_priority_parse(const char *s)
{
	char *end;
	long v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(priority_names); i++)
		if (strcasecmp(s, priority_names[i]) == 0)
			return (int)i;
	if (strcasecmp(s, "error") == 0)
		return LOG_ERR;
	if (strcasecmp(s, "warn") == 0)
		return LOG_WARNING;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < LOG_EMERG || v > LOG_DEBUG)
		return -1;
	return (int)v;
}

static int set_string(char **dst, const char *value, const char *fallback)
{
	char *copy = strdup(value ? value : fallback);

	if (!copy)
		return -ENOMEM;
	free(*dst);
	*dst = copy;
	return 0;
}

MEMREMAP_EXPORT int memremap_new(struct memremap_ctx **out)
{
	struct memremap_ctx *ctx;
	const char *env;

	*out = NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->log_fn = log_stderr;
	ctx->log_priority = LOG_ERR;
	ctx->autoload = true;
	ctx->settle_msec = 10000;
	ctx->control_fd = -1;

	env = secure_getenv("MEMREMAP_LOG");
	if (env && *env) {
		int prio = memremap_log_priority_parse(env);

		if (prio >= 0)
			ctx->log_priority = prio;
	}
	if (set_string(&ctx->sysfs_root, secure_getenv("MEMREMAP_SYSFS_ROOT"),
		       DEFAULT_SYSFS_ROOT) ||
	    set_string(&ctx->device_path, secure_getenv("MEMREMAP_DEV"), DEFAULT_DEVICE_PATH)) {
		memremap_unref(ctx);
		return -ENOMEM;
	}
	mr_dbg(ctx, "ctx %p created: sysfs %s, device %s", (void *)ctx, ctx->sysfs_root,
	       ctx->device_path);
	*out = ctx;
	return 0;
}

MEMREMAP_EXPORT struct memremap_ctx *memremap_ref(struct memremap_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

MEMREMAP_EXPORT struct memremap_ctx *memremap_unref(struct memremap_ctx *ctx)
{
	if (!ctx || --ctx->refcount > 0)
		return ctx;
	mr_dbg(ctx, "ctx %p released", (void *)ctx);
	memremap_control_close(ctx);
	memremap_pagemaps_free(ctx);
	memremap_resources_free(ctx);
	free(ctx->sysfs_root);
	free(ctx->device_path);
	free(ctx);
	return NULL;
}

MEMREMAP_EXPORT void memremap_set_log_fn(struct memremap_ctx *ctx, memremap_log_fn log_fn)
{
	ctx->log_fn = log_fn;
}

MEMREMAP_EXPORT int memremap_get_log_priority(struct memremap_ctx *ctx)
{
	return ctx->log_priority;
}

MEMREMAP_EXPORT void memremap_set_log_priority(struct memremap_ctx *ctx, int priority)
{
	ctx->log_priority = priority;
}

MEMREMAP_EXPORT void memremap_set_userdata(struct memremap_ctx *ctx, void *userdata)
{
	ctx->userdata = userdata;
}

MEMREMAP_EXPORT void *memremap_get_userdata(struct memremap_ctx *ctx)
{
	return ctx->userdata;
}

MEMREMAP_EXPORT int memremap_set_sysfs_root(struct memremap_ctx *ctx, const char *dir)
{
	return set_string(&ctx->sysfs_root, dir, DEFAULT_SYSFS_ROOT);
}

MEMREMAP_EXPORT const char *memremap_get_sysfs_root(struct memremap_ctx *ctx)
{
	return ctx->sysfs_root;
}

MEMREMAP_EXPORT int memremap_set_device_path(struct memremap_ctx *ctx, const char *path)
{
	memremap_control_close(ctx);
	return set_string(&ctx->device_path, path, DEFAULT_DEVICE_PATH);
}

MEMREMAP_EXPORT const char *memremap_get_device_path(struct memremap_ctx *ctx)
{
	return ctx->device_path;
}

MEMREMAP_EXPORT void memremap_set_autoload(struct memremap_ctx *ctx, bool enable)
{
	ctx->autoload = enable;
}

MEMREMAP_EXPORT void memremap_set_settle_timeout(struct memremap_ctx *ctx, unsigned int msec)
{
	ctx->settle_msec = msec;
}

MEMREMAP_EXPORT const char *memremap_get_library_version(void)
{
	return PACKAGE_VERSION;
}

int memremap_fail(struct memremap_ctx *ctx, enum memremap_error_kind kind, int errnum,
		  const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(ctx->last.msg, sizeof(ctx->last.msg), format, args);
	va_end(args);
	ctx->last.kind = kind;
	ctx->last.reason = MEMREMAP_R_NONE;
	ctx->last.err = -errnum;
	mr_dbg(ctx, "failed (%s): %s", strerror(errnum), ctx->last.msg);
	return -errnum;
}

MEMREMAP_EXPORT const char *memremap_get_last_error(struct memremap_ctx *ctx)
{
	return ctx->last.msg;
}

MEMREMAP_EXPORT enum memremap_error_kind memremap_get_last_error_kind(struct memremap_ctx *ctx)
{
	return ctx->last.kind;
}

MEMREMAP_EXPORT unsigned int memremap_get_last_reason(struct memremap_ctx *ctx)
{
	return ctx->last.reason;
}

MEMREMAP_EXPORT int memremap_get_last_errno(struct memremap_ctx *ctx)
{
	return ctx->last.err;
}
