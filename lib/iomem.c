// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/iomem as a tree, and the firmware's memory map: what the kernel
 * has claimed where, and which reserved ranges were RAM before memmap=
 * set them aside.
 *
 * Both are read below the "proc" and "sys" directories beside the sysfs
 * root, so a saved tree (--sysroot) replays them too.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

void memremap_iomem_free(struct memremap_iomem *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->count; i++)
		free(t->nodes[i].name);
	free(t->nodes);
	free(t);
}

/* The directory beside the sysfs root: "/sys" -> "/proc". */
void memremap_proc_path(struct memremap_ctx *ctx, char *buf, size_t len, const char *rel)
{
	const char *root = ctx->sysfs_root;
	const char *slash = strrchr(root, '/');
	int base = slash ? (int)(slash - root) : 0;

	snprintf(buf, len, "%.*s/proc/%s", base, root, rel);
}

/* One line: "  00000000-00000fff : Reserved" */
static int parse_line(const char *line, unsigned int *depth, uint64_t *start, uint64_t *end,
		      const char **name)
{
	const char *p = line;
	char *e;
	unsigned long long s, t;

	while (*p == ' ')
		p++;
	*depth = (unsigned int)(p - line) / 2;
	errno = 0;
	s = strtoull(p, &e, 16);
	if (errno || e == p || *e != '-')
		return -1;
	p = e + 1;
	t = strtoull(p, &e, 16);
	if (errno || e == p || strncmp(e, " : ", 3) != 0 || t < s)
		return -1;
	*start = s;
	*end = t;
	*name = e + 3;
	return 0;
}

/* An hmem platform device's resource: "hmem.0". */
static bool is_hmem(const char *name)
{
	unsigned int id;
	char end;

	return sscanf(name, "hmem.%u%c", &id, &end) == 1;
}

/*
 * Is node i an hmem resource that shows no "Soft Reserved" (none above it,
 * none below), with room for one more level below it?
 */
static bool lacks_soft_reserved(const struct memremap_iomem *t, size_t i)
{
	const struct memremap_iomem_node *n = &t->nodes[i];
	size_t j;
	int p;

	if (!is_hmem(n->name))
		return false;
	for (p = (int)i; p >= 0; p = t->nodes[p].parent)
		if (!strcmp(t->nodes[p].name, "Soft Reserved"))
			return false;
	for (j = i; j < t->count && (j == i || t->nodes[j].depth > n->depth); j++)
		if (!strcmp(t->nodes[j].name, "Soft Reserved") || t->nodes[j].depth + 1 >= 16)
			return false;
	return true;
}

/*
 * Since Linux 7.0, x86 keeps Soft Reserved ranges out of /proc/iomem (in
 * a tree of their own, soft_reserve_resource, until a driver claims them):
 * what /proc/iomem shows of one is the resource of the hmem platform
 * device made for it ("hmem.0", drivers/dax/hmem), and hmem devices are
 * made for Soft Reserved memory only. Under each hmem resource that holds
 * no "Soft Reserved", put one over its whole range, with what it held
 * below, as earlier kernels show it: list -R and create --resource "Soft
 * Reserved" then find the range on every kernel. The rest of the tree is
 * unchanged.
 */
static int add_deferred_soft_reserved(struct memremap_iomem *t)
{
	struct memremap_iomem_node *nodes;
	unsigned int shifted[16], nshifted = 0;
	char **names;
	int last[16];
	size_t i, n = 0, k = 0, extra = 0;

	for (i = 0; i < t->count; i++)
		extra += lacks_soft_reserved(t, i);
	if (!extra)
		return 0;
	/* everything that can fail first */
	nodes = calloc(t->count + extra, sizeof(*nodes));
	names = calloc(extra, sizeof(*names));
	for (i = 0; nodes && names && i < extra; i++) {
		names[i] = strdup("Soft Reserved");
		if (!names[i])
			break;
	}
	if (!nodes || !names || i < extra) {
		while (names && i--)
			free(names[i]);
		free(names);
		free(nodes);
		return -ENOMEM;
	}
	for (i = 0; i < t->count; i++) {
		const struct memremap_iomem_node *src = &t->nodes[i];

		/* what lies below an hmem resource that got one moves down */
		while (nshifted && src->depth <= shifted[nshifted - 1])
			nshifted--;
		nodes[n] = *src;
		nodes[n++].depth += nshifted;
		if (!lacks_soft_reserved(t, i))
			continue;
		nodes[n] = *src;
		nodes[n].depth += nshifted + 1;
		nodes[n++].name = names[k++];
		shifted[nshifted++] = src->depth;
	}
	/* the parents again, as memremap_iomem_read() found them */
	for (i = 0; i < 16; i++)
		last[i] = -1;
	for (i = 0; i < n; i++) {
		nodes[i].parent = nodes[i].depth ? last[nodes[i].depth - 1] : -1;
		last[nodes[i].depth] = (int)i;
	}
	free(names);
	free(t->nodes);		/* the old names moved to nodes */
	t->nodes = nodes;
	t->count = n;
	return 0;
}

int memremap_iomem_read(struct memremap_ctx *ctx, struct memremap_iomem **out)
{
	struct memremap_iomem *t;
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0, linecap = 0;
	ssize_t n;
	int last[16];
	bool any_address = false;
	FILE *f;

	*out = NULL;
	memremap_proc_path(ctx, path, sizeof(path), "iomem");
	f = fopen(path, "re");
	if (!f)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, errno, "cannot read %s: %s", path,
				     strerror(errno));
	t = calloc(1, sizeof(*t));
	if (!t) {
		fclose(f);
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
	}
	while ((n = getline(&line, &linecap, f)) > 0) {
		struct memremap_iomem_node *node;
		unsigned int depth;
		uint64_t start, end;
		const char *name;

		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (parse_line(line, &depth, &start, &end, &name) < 0 || depth >= 16 ||
		    (depth > 0 && (t->count == 0 || last[depth - 1] < 0)))
			continue;
		if (t->count == cap) {
			struct memremap_iomem_node *nodes;

			cap = cap ? cap * 2 : 128;
			nodes = realloc(t->nodes, cap * sizeof(*nodes));
			if (!nodes)
				goto oom;
			t->nodes = nodes;
		}
		node = &t->nodes[t->count];
		node->start = start;
		node->end = end;
		node->depth = depth;
		node->parent = depth ? last[depth - 1] : -1;
		node->name = strdup(name);
		if (!node->name)
			goto oom;
		any_address |= end != 0;
		last[depth] = (int)t->count;
		if (depth + 1 < 16)
			last[depth + 1] = -1;
		t->count++;
	}
	free(line);
	fclose(f);
	if (!any_address) {
		memremap_iomem_free(t);
		return memremap_fail(ctx, MEMREMAP_ERROR_PERMISSION, EPERM,
				     "%s shows no addresses: the kernel hides them from "
				     "users other than root", path);
	}
	if (add_deferred_soft_reserved(t) < 0) {
		memremap_iomem_free(t);
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
	}
	*out = t;
	return 0;
oom:
	free(line);
	fclose(f);
	memremap_iomem_free(t);
	return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
}

/* The deepest node that contains [start, start + size) and is named name (NULL: any). */
int memremap_iomem_find(const struct memremap_iomem *t, uint64_t start, uint64_t size,
			const char *name)
{
	uint64_t last = start + size - 1;
	int best = -1;
	size_t i;

	for (i = 0; t && i < t->count; i++) {
		const struct memremap_iomem_node *n = &t->nodes[i];

		if (n->start <= start && last <= n->end && (!name || !strcmp(n->name, name)) &&
		    (best < 0 || n->depth > t->nodes[best].depth))
			best = (int)i;
	}
	return best;
}

/* One line of /sys/firmware/memmap/ENTRY/FILE into buf; false when unreadable. */
static bool read_memmap(struct memremap_ctx *ctx, const char *entry, const char *file,
			char *buf, int len)
{
	char path[PATH_MAX];
	bool ok;
	FILE *f;

	snprintf(path, sizeof(path), "%s/firmware/memmap/%s/%s", ctx->sysfs_root, entry, file);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, len, f) != NULL;
	fclose(f);
	return ok;
}

/*
 * Was [start, end] System RAM in the firmware's map (before memmap= made
 * it "Reserved" or persistent memory)? /sys/firmware/memmap keeps the
 * firmware's table as it came.
 */
bool memremap_firmware_ram(struct memremap_ctx *ctx, uint64_t start, uint64_t end)
{
	char path[PATH_MAX], type[64], s[32], e[32];
	struct dirent *de;
	bool ram = false;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/firmware/memmap", ctx->sysfs_root);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!ram && (de = readdir(dir))) {
		if (de->d_name[0] == '.' ||
		    !read_memmap(ctx, de->d_name, "type", type, sizeof(type)) ||
		    strcmp(type, "System RAM\n") != 0 ||
		    !read_memmap(ctx, de->d_name, "start", s, sizeof(s)) ||
		    !read_memmap(ctx, de->d_name, "end", e, sizeof(e)))
			continue;
		ram = strtoull(s, NULL, 16) <= start && end <= strtoull(e, NULL, 16);
	}
	closedir(dir);
	return ram;
}
