// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

static int control_fd = -1;

void mr_fd_close(void)
{
	if (control_fd >= 0)
		close(control_fd);
	control_fd = -1;
}

int mr_fd(void)
{
	if (control_fd < 0) {
		control_fd = open("/dev/memremap", O_RDONLY | O_CLOEXEC);
		REQUIRE(control_fd >= 0, "open /dev/memremap: %s", strerror(errno));
	}
	return control_fd;
}

struct memremap_create mk_create(uint64_t start, uint64_t len, uint32_t type)
{
	struct memremap_create c;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.start = start;
	c.length = len;
	c.type = type;
	c.numa_node = -1;
	return c;
}

static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int do_create(struct memremap_create *c)
{
	return ioc(mr_fd(), MEMREMAP_IOC_CREATE, c);
}

int do_destroy(uint32_t id, struct memremap_destroy *d)
{
	struct memremap_destroy local;

	if (!d)
		d = &local;
	memset(d, 0, sizeof(*d));
	d->size = sizeof(*d);
	d->id = id;
	return ioc(mr_fd(), MEMREMAP_IOC_DESTROY, d);
}

int do_query(uint32_t id, uint32_t flags, const char *name,
	     struct memremap_query *q)
{
	memset(q, 0, sizeof(*q));
	q->size = sizeof(*q);
	q->id = id;
	q->flags = flags;
	if (name)
		snprintf(q->name, sizeof(q->name), "%s", name);
	return ioc(mr_fd(), MEMREMAP_IOC_QUERY, q);
}

int do_version(struct memremap_version *v)
{
	memset(v, 0, sizeof(*v));
	v->size = sizeof(*v);
	return ioc(mr_fd(), MEMREMAP_IOC_VERSION, v);
}

int do_hold(int fd, uint32_t id, bool hold)
{
	struct memremap_hold h;

	memset(&h, 0, sizeof(h));
	h.size = sizeof(h);
	h.id = id;
	return ioc(fd, hold ? MEMREMAP_IOC_HOLD : MEMREMAP_IOC_UNHOLD, &h);
}

int destroy_all(void)
{
	struct memremap_query q;
	int n = 0;

	while (do_query(0, MEMREMAP_QUERY_NEXT, NULL, &q) == 0) {
		int ret = do_destroy(q.info.id, NULL);

		REQUIRE(ret == 0, "destroy pagemap%u: %s", q.info.id,
			strerror(-ret));
		n++;
	}
	return n;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

static bool parse_iomem_line(const char *line, uint64_t *start,
			     uint64_t *end, const char **name)
{
	const char *colon = strstr(line, " : ");

	if (!colon || sscanf(line, " %" SCNx64 "-%" SCNx64, start, end) != 2)
		return false;
	*name = colon + 3;
	return true;
}

/*
 * Call fn for each "START-END : NAME" line of /proc/iomem, with whether it
 * is nested (indented), until fn returns true. Returns fn's last answer.
 */
static bool iomem_each(bool (*fn)(uint64_t s, uint64_t e, const char *name,
				  bool nested, void *arg), void *arg)
{
	char *text = read_file("/proc/iomem"), *line, *save = NULL;
	bool done = false;

	REQUIRE(text, "cannot read /proc/iomem");
	for (line = strtok_r(text, "\n", &save); line && !done;
	     line = strtok_r(NULL, "\n", &save)) {
		uint64_t s, e;
		const char *nm;

		if (parse_iomem_line(line, &s, &e, &nm))
			done = fn(s, e, nm, line[0] == ' ', arg);
	}
	free(text);
	return done;
}

struct find_arg {
	const char *name;
	int n;
	uint64_t min;
	struct range_ *r;
};

static bool find_top(uint64_t s, uint64_t e, const char *name, bool nested,
		     void *arg)
{
	struct find_arg *a = arg;

	if (nested || strcmp(name, a->name) || s < a->min || a->n-- > 0)
		return false;
	a->r->start = s;
	a->r->size = e - s + 1;
	return true;
}

bool pmem_range(int n, struct range_ *r)
{
	struct find_arg a = { "Persistent Memory (legacy)", n, 0, r };

	return iomem_each(find_top, &a);
}

bool iomem_range(const char *name, uint64_t min, struct range_ *r)
{
	struct find_arg a = { name, 0, min, r };

	return iomem_each(find_top, &a);
}

static bool find_child(uint64_t s, uint64_t e, const char *name, bool nested,
		       void *arg)
{
	struct find_arg *a = arg;

	return nested && s == a->r->start && e == a->r->start + a->r->size - 1 &&
	       !strcmp(name, a->name);
}

bool iomem_has_child(uint64_t start, uint64_t size, const char *name)
{
	struct range_ r = { start, size };
	struct find_arg a = { name, 0, 0, &r };

	return iomem_each(find_child, &a);
}

char *state_snapshot(void)
{
	char *iomem = read_file("/proc/iomem"), *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	DIR *d = opendir("/sys/class/memremap");
	struct dirent *de;

	REQUIRE(iomem && f, "cannot snapshot state");
	fputs(iomem, f);
	if (d) {
		while ((de = readdir(d)))
			if (de->d_name[0] != '.')
				fprintf(f, "class: %s\n", de->d_name);
		closedir(d);
	}
	fclose(f);
	free(iomem);
	return out;
}

static uint64_t meminfo_kb(const char *key)
{
	char *text = read_file("/proc/meminfo"), *p;
	uint64_t kb = 0;

	REQUIRE(text, "cannot read /proc/meminfo");
	p = strstr(text, key);
	if (p)
		sscanf(p + strlen(key), " %" SCNu64, &kb);
	free(text);
	return kb;
}

uint64_t free_ram(void)
{
	char *text = read_file("/proc/zoneinfo"), *p;
	uint64_t pages = 0, n;

	REQUIRE(text, "cannot read /proc/zoneinfo");
	for (p = strstr(text, "count:"); p; p = strstr(p + 1, "count:"))
		if (sscanf(p + 6, " %" SCNu64, &n) == 1)
			pages += n;
	free(text);
	return meminfo_kb("MemFree:") * 1024 + pages * 4096;
}

/* A /proc/vmstat counter in pages, or -1 where this kernel has none. */
int64_t vmstat_pages(const char *key)
{
	char *text = read_file("/proc/vmstat"), *p;
	size_t len = strlen(key);
	int64_t n = -1;

	REQUIRE(text, "cannot read /proc/vmstat");
	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, len) && p[len] == ' ') {
			sscanf(p + len, " %" SCNd64, &n);
			break;
		}
	free(text);
	return n;
}

bool sysfs_attr(uint32_t id, const char *attr, char *buf, size_t len)
{
	char path[128];
	char *text;

	snprintf(path, sizeof(path), "/sys/class/memremap/pagemap%u/%s", id,
		 attr);
	text = read_file(path);
	if (!text)
		return false;
	text[strcspn(text, "\n")] = 0;
	snprintf(buf, len, "%s", text);
	free(text);
	return true;
}

uint64_t sysfs_u64(uint32_t id, const char *attr)
{
	char buf[64];

	REQUIRE(sysfs_attr(id, attr, buf, sizeof(buf)),
		"no attribute %s for pagemap%u", attr, id);
	return strtoull(buf, NULL, 0);
}

const char *reason_name(uint32_t reason)
{
	static const char *const names[] = {
		"NONE", "BAD_STRUCT", "BAD_FLAGS", "BAD_TYPE",
		"TYPE_UNSUPPORTED", "P2PDMA_NEEDS_PCI", "PRIVATE_START",
		"SIZE_ZERO", "UNALIGNED", "WRAPS", "BEYOND_MAX_PHYS",
		"SYSTEM_RAM", "PAGEMAP_OVERLAP", "RESOURCE_BUSY",
		"SECTION_SHARED", "ALTMAP_TYPE", "ALTMAP_UNALIGNED",
		"ALTMAP_TOO_SMALL", "RESERVE_UNALIGNED",
		"RESERVE_WITHOUT_ALTMAP", "ALIGN_INVALID",
		"ALIGN_UNSUPPORTED", "ALIGN_UNALIGNED", "ALIGN_TYPE",
		"NODE_INVALID", "NODE_OFFLINE", "NAME_INVALID", "NAME_EXISTS",
		"NO_SUCH_PAGEMAP", "BUSY", "TOO_MANY", "NO_FREE_RANGE",
		"KERNEL", "PERM", "ALTMAP_NOT_MEMORY", "MEMMAP_NO_RAM",
		"PCI_TYPE", "PCI_START", "PCI_NO_DEVICE", "PCI_BAR_INVALID",
		"PCI_BAR_RANGE", "PCI_DRIVER", "PCI_TAKEN", "PCI_NODE",
		"MIGRATE_TYPE", "MIGRATE_RANGE", "MIGRATE_FULL", "ORIGIN_INVALID",
		"PAGEMAP_GOING", "IN_USE", "MEMTYPE", "NO_SUCH_PROCESS", "MIGRATE_PTRACE",
		"PAGES_IN_USE", "EVICT_FAILED",
	};

	if (reason < sizeof(names) / sizeof(names[0]))
		return names[reason];
	return "?";
}

bool write_str(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(val, f) >= 0;
	return fclose(f) == 0 && ok;
}
