// SPDX-License-Identifier: GPL-2.0-or-later
/* Option handling, messages, exit status, value parsing and formatting. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "memremapctl.h"

const char *global_sysroot;

void print_usage(const struct cmd *cmd, FILE *out)
{
	fprintf(out, "usage: memremapctl %s%s\n", cmd->name, cmd->usage);
	if (cmd->more_usage)
		cmd->more_usage(out);
	fprintf(out, "\nCommon options:\n"
		"  -h, --help           show this help\n"
		"      --sysroot DIR    read sysfs below DIR/sys and use DIR/dev/memremap\n"
		"\nSee memremapctl-%s(8) or run: memremapctl help %s\n",
		cmd->name, cmd->name);
}

static void vmessage(const struct cmd *cmd, const char *format, va_list args)
{
	fprintf(stderr, "memremapctl %s: ", cmd->name);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void message(const struct cmd *cmd, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vmessage(cmd, format, args);
	va_end(args);
}

int usage_error(const struct cmd *cmd, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vmessage(cmd, format, args);
	va_end(args);
	fprintf(stderr, "Try 'memremapctl %s --help'.\n", cmd->name);
	return EXIT_USAGE;
}

int common_option(const struct cmd *cmd, int c, char **argv)
{
	switch (c) {
	case 'h':
		print_usage(cmd, stdout);
		return EXIT_OK;
	case OPT_SYSROOT:
		global_sysroot = optarg;
		return -1;
	case ':':
		return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
	case '?':
		if (optopt)
			return usage_error(cmd, "unknown option '-%c'", optopt);
		return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
	}
	return usage_error(cmd, "unhandled option %d", c);
}

int exit_status_for(enum memremap_error_kind kind)
{
	switch (kind) {
	case MEMREMAP_ERROR_NONE:
		return EXIT_OK;
	case MEMREMAP_ERROR_INVALID:
		return EXIT_USAGE;
	case MEMREMAP_ERROR_REFUSED:
		return EXIT_REFUSED;
	case MEMREMAP_ERROR_NOT_FOUND:
		return EXIT_NOT_FOUND;
	case MEMREMAP_ERROR_PERMISSION:
		return EXIT_PERMISSION;
	case MEMREMAP_ERROR_UNSUPPORTED:
	case MEMREMAP_ERROR_SYSTEM:
		break;
	}
	return EXIT_SYSTEM;
}

int worse_status(int a, int b)
{
	/* rank by seriousness: index = status */
	static const int rank[] = {
		[EXIT_OK] = 0, [EXIT_NOT_FOUND] = 1, [EXIT_REFUSED] = 2,
		[EXIT_USAGE] = 3, [EXIT_PERMISSION] = 4, [EXIT_SYSTEM] = 5,
	};

	return rank[b] > rank[a] ? b : a;
}

int library_error(const struct cmd *cmd, struct memremap_ctx *ctx, const char *format, ...)
{
	va_list args;

	fprintf(stderr, "memremapctl %s: ", cmd->name);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fprintf(stderr, ": %s\n", memremap_get_last_error(ctx));
	return exit_status_for(memremap_get_last_error_kind(ctx));
}

static void log_to_stderr(struct memremap_ctx *ctx, int priority, const char *file, int line,
			  const char *fn, const char *format, va_list args)
{
	const struct cmd *cmd = memremap_get_userdata(ctx);

	fprintf(stderr, "memremapctl %s: libmemremap: %s: ", cmd->name, fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

int open_context(const struct cmd *cmd, struct memremap_ctx **ctx)
{
	char path[PATH_MAX];
	int rc = memremap_new(ctx);

	if (rc < 0) {
		message(cmd, "cannot start libmemremap: %s", strerror(-rc));
		return EXIT_SYSTEM;
	}
	memremap_set_userdata(*ctx, (void *)cmd);
	memremap_set_log_fn(*ctx, log_to_stderr);
	if (global_sysroot) {
		snprintf(path, sizeof(path), "%s/sys", global_sysroot);
		rc = memremap_set_sysfs_root(*ctx, path);
		snprintf(path, sizeof(path), "%s/dev/memremap", global_sysroot);
		if (rc == 0)
			rc = memremap_set_device_path(*ctx, path);
		if (rc < 0) {
			message(cmd, "cannot use --sysroot %s: %s", global_sysroot, strerror(-rc));
			*ctx = memremap_unref(*ctx);
			return EXIT_SYSTEM;
		}
	}
	return EXIT_OK;
}

/* ---- parsing ------------------------------------------------------------ */

static const struct {
	const char *suffix;
	unsigned int shift;
} suffixes[] = {
	{ "K", 10 }, { "KiB", 10 }, { "M", 20 }, { "MiB", 20 },
	{ "G", 30 }, { "GiB", 30 }, { "T", 40 }, { "TiB", 40 },
};

/* shift for suffix s (case-insensitive letter, "iB" optional), or -1 */
static int suffix_shift(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		const char *want = suffixes[i].suffix;

		if (toupper((unsigned char)s[0]) == want[0] && strcmp(s + 1, want + 1) == 0)
			return (int)suffixes[i].shift;
	}
	return -1;
}

int parse_size(const char *s, uint64_t *out, const char **why)
{
	unsigned long long v;
	char *end;
	int shift;

	if (!*s) {
		*why = "empty value";
		return -1;
	}
	if (*s == '-') {
		*why = "negative values are not allowed";
		return -1;
	}
	if (!isdigit((unsigned char)*s)) {
		*why = "expected bytes, 0x hex, or a number with K, M, G or T";
		return -1;
	}
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!isxdigit((unsigned char)s[2])) {
			*why = "no hex digits after 0x";
			return -1;
		}
		v = strtoull(s + 2, &end, 16);
		if (errno == ERANGE) {
			*why = "too large (more than 64 bits)";
			return -1;
		}
		if (*end) {
			*why = "trailing characters after the hex number (hex takes no suffix)";
			return -1;
		}
		*out = v;
		return 0;
	}
	v = strtoull(s, &end, 10);
	if (errno == ERANGE) {
		*why = "too large (more than 64 bits)";
		return -1;
	}
	if (!*end) {
		*out = v;
		return 0;
	}
	shift = suffix_shift(end);
	if (shift < 0) {
		*why = isalpha((unsigned char)*end) && !end[1] ?
			"unknown suffix (use K, M, G or T: powers of 1024)" :
			"trailing characters after the number (use K, M, G or T)";
		return -1;
	}
	if (v > (UINT64_MAX >> shift)) {
		*why = "too large (more than 64 bits)";
		return -1;
	}
	*out = (uint64_t)v << shift;
	return 0;
}

int parse_align(const char *s, uint64_t *out, const char **why)
{
	uint64_t v;

	if (parse_size(s, &v, why) < 0)
		return -1;
	if (v != 4096 && v != (UINT64_C(2) << 20) && v != (UINT64_C(1) << 30)) {
		*why = "the compound page size must be 4K, 2M or 1G";
		return -1;
	}
	*out = v;
	return 0;
}

int parse_node(const char *s, int *out, const char **why)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || isspace((unsigned char)*s) || *s == '+') {
		*why = "expected a node number (0, 1, ...) or -1 for the range's own node";
		return -1;
	}
	if (v < -1 || v > INT_MAX) {
		*why = "a node number is -1 or more";
		return -1;
	}
	*out = (int)v;
	return 0;
}

bool output_option(int c, struct output_opts *o)
{
	switch (c) {
	case 'j':
		o->json = true;
		return true;
	case 'u':
		o->human = true;
		return true;
	case 'v':
		o->verbose = true;
		return true;
	}
	return false;
}

int type_option(const struct cmd *cmd, const char *arg, int *type)
{
	*type = memremap_type_from_str(arg);
	if (*type < 0)
		return usage_error(cmd, "invalid --type '%s': must be generic, fsdax, coherent, "
				   "private or p2pdma", arg);
	return -1;
}

int name_option(const struct cmd *cmd, const char *arg)
{
	const char *why;

	if (memremap_name_check(arg, &why) < 0)
		return usage_error(cmd, "invalid --name '%s': %s", arg, why);
	return -1;
}

/* Is s "pagemapN", an id or a possible name? */
static bool spec_is_id(const char *s, unsigned long *id)
{
	const char *digits = strncmp(s, "pagemap", 7) == 0 ? s + 7 : s;
	char *end;

	if (!*digits || strspn(digits, "0123456789") != strlen(digits))
		return false;
	errno = 0;
	*id = strtoul(digits, &end, 10);
	return errno == 0 && *id <= UINT32_MAX;
}

int check_pagemap_spec(const char *s, const char **why)
{
	unsigned long id;

	if (spec_is_id(s, &id))
		return 0;
	if (*s && strspn(s, "0123456789") == strlen(s)) {
		*why = "the id is too large";
		return -1;
	}
	if (memremap_name_check(s, why) < 0)
		return -1;
	return 0;
}

bool pagemap_matches_spec(struct memremap_pagemap *pm, const char *spec)
{
	const char *name = memremap_pagemap_get_name(pm);
	unsigned long id;

	if (spec_is_id(spec, &id))
		return memremap_pagemap_get_id(pm) == id;
	return name && strcmp(name, spec) == 0;
}

/* ---- formatting --------------------------------------------------------- */

static int parse_hex_addr(const char *s, const char *end, uint64_t *out)
{
	uint64_t v = 0;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (s == end || end - s > 16)
		return -1;
	for (; s < end; s++) {
		int d = isdigit((unsigned char)*s) ? *s - '0' :
			isxdigit((unsigned char)*s) ? tolower((unsigned char)*s) - 'a' + 10 : -1;

		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int parse_vrange(const char *s, uint64_t *start, uint64_t *end, const char **why)
{
	const char *dash = strchr(s, '-');

	if (!dash || parse_hex_addr(s, dash, start) < 0 ||
	    parse_hex_addr(dash + 1, dash + strlen(dash), end) < 0) {
		*why = "expected START-END in hexadecimal, as /proc/PID/maps prints them";
		return -1;
	}
	if (*start % 4096 || *end % 4096) {
		*why = "START and END must be multiples of the page size (4096)";
		return -1;
	}
	if (*start >= *end) {
		*why = "START must be below END";
		return -1;
	}
	return 0;
}

void format_human(char *buf, size_t len, uint64_t bytes)
{
	static const char units[] = "KMGTPE";
	unsigned int i = 0;
	uint64_t unit = 1024;

	if (bytes < 1024) {
		snprintf(buf, len, bytes ? "%" PRIu64 "B" : "0", bytes);
		return;
	}
	while (i + 1 < sizeof(units) - 1 && bytes / unit >= 1024) {
		unit <<= 10;
		i++;
	}
	if (bytes % unit == 0)
		snprintf(buf, len, "%" PRIu64 "%c", bytes / unit, units[i]);
	else
		snprintf(buf, len, "%.1f%c", (double)bytes / (double)unit, units[i]);
}

void format_pagemap_ref(char *buf, size_t len, struct memremap_pagemap *pm)
{
	const char *name = memremap_pagemap_get_name(pm);

	if (name)
		snprintf(buf, len, "%s \"%s\"", memremap_pagemap_get_devname(pm), name);
	else
		snprintf(buf, len, "%s", memremap_pagemap_get_devname(pm));
}
