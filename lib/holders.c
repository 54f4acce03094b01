// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who holds what a pagemap needs, as the kernel cannot say.
 *
 * A physical range with another memory type (x86 PAT) than a pagemap
 * needs is held by processes that map it through /dev/mem (in
 * /proc/PID/maps a /dev/mem mapping's offset is the physical address) or
 * through a PCI BAR's sysfs resource file (the PCI core makes that offset
 * physical too),
 * and drivers that ioremap it (/proc/vmallocinfo: "phys=" and the caller).
 * Both are only readable in full by root; what cannot be read is left out.
 *
 * A pagemap's device node is held by the processes that have it open
 * (/proc/PID/fd) or mapped (/proc/PID/maps), found as fuser(1) finds the
 * users of a device: by the device number the file refers to, whatever the
 * node's path. A mapping outlives the descriptor it was made with, so both
 * are looked at.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "private.h"

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/*
 * One line of /proc/PID/maps: "7f..-7f.. rw-s 90000000 00:05 3   /dev/mem".
 * 0 with the mapping's addresses, file offset, file (device and inode, 0
 * when anonymous) and path ("" when anonymous); -1 when malformed.
 */
int memremap_maps_parse(const char *line, struct memremap_maps_entry *e)
{
	unsigned long long from, to, o, inode;
	unsigned int maj, min;
	char perms[8];
	int n = 0;

	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &from, &to, perms, &o, &maj,
		   &min, &inode, &n) < 7 || !n || to < from)
		return -1;
	e->from = from;
	e->to = to;
	e->off = o;
	e->dev = makedev(maj, min);
	e->ino = inode;
	e->path = line + n;
	while (*e->path == ' ')
		e->path++;
	return 0;
}

/* path is exactly name, or name and then white space */
static bool is_path(const char *path, const char *name)
{
	size_t n = strlen(name);

	return strncmp(path, name, n) == 0 && (!path[n] || isspace((unsigned char)path[n]));
}

/*
 * 1 when the maps line maps /dev/mem over [start, start + size) (*phys and
 * *len: what it maps; a /dev/mem offset is the physical address), 0 when
 * not, -1 when the line is malformed.
 */
int memremap_maps_devmem(const char *line, uint64_t start, uint64_t size, uint64_t *phys,
			 uint64_t *len)
{
	struct memremap_maps_entry e;

	if (memremap_maps_parse(line, &e) < 0)
		return -1;
	if (!is_path(e.path, "/dev/mem") || !overlaps(e.off, e.to - e.from, start, size))
		return 0;
	*phys = e.off;
	*len = e.to - e.from;
	return 1;
}

/*
 * The BAR a PCI device's sysfs resource file maps:
 * ".../0000:00:10.0/resource2" or "resource2_wc" -> 2; -1 for other paths.
 */
int memremap_pci_resource_bar(const char *path)
{
	const char *base = strrchr(path, '/');
	char tail[8];
	int bar, n = 0;

	if (!base || strncmp(path, "/sys/", 5) != 0)
		return -1;
	if (sscanf(base, "/resource%1d%7s%n", &bar, tail, &n) == 2) {
		if (strcmp(tail, "_wc") != 0)
			return -1;
	} else if (sscanf(base, "/resource%1d%n", &bar, &n) != 1 ||
		   (base[n] && !isspace((unsigned char)base[n]))) {
		return -1;
	}
	return bar >= 0 && bar <= 5 ? bar : -1;
}

/* Where BAR bar of the device whose resource file is path starts, or 0. */
static uint64_t bar_start(const char *path, int bar)
{
	char file[PATH_MAX], line[128];
	unsigned long long start = 0;
	size_t dir = (size_t)(strrchr(path, '/') - path);
	int i;
	FILE *f;

	snprintf(file, sizeof(file), "%.*s/resource", (int)dir, path);
	f = fopen(file, "re");
	if (!f)
		return 0;
	for (i = 0; i <= bar && fgets(line, sizeof(line), f); i++)
		if (i == bar && sscanf(line, "%llx", &start) != 1)
			start = 0;
	fclose(f);
	return start;
}

/* The maps line maps [start, start + size): /dev/mem or a PCI BAR's file */
static bool maps_range(const char *line, uint64_t start, uint64_t size)
{
	struct memremap_maps_entry e;
	uint64_t off, n, phys;
	char file[PATH_MAX];
	int bar;

	if (memremap_maps_devmem(line, start, size, &phys, &n) == 1)
		return true;
	if (memremap_maps_parse(line, &e) < 0)
		return false;
	bar = memremap_pci_resource_bar(e.path);
	if (bar < 0)
		return false;
	snprintf(file, sizeof(file), "%.*s", (int)strcspn(e.path, " \t\n"), e.path);
	phys = bar_start(file, bar);
	off = e.off;
	n = e.to - e.from;
	/* the PCI core makes the offset physical (pci_mmap_resource_range()) */
	if (phys && off < phys)
		off += phys;
	return phys && overlaps(off, n, start, size);
}

/*
 * One line of /proc/vmallocinfo:
 * "0xffffc900..-0xffffc900..    8192 hpet_enable+0x36/0x2b0 phys=0x00000000fed00000 ioremap".
 * 1 when it is an ioremap over [start, start + size) (caller copied, *phys
 * and *len: what it maps, the size less its guard page), 0 when not, -1
 * when malformed.
 */
int memremap_vmallocinfo_ioremap(const char *line, uint64_t start, uint64_t size, char *caller,
				 size_t clen, uint64_t *phys, uint64_t *len)
{
	unsigned long long from, to, bytes, addr;
	char who[128];
	const char *p;
	int n = 0;

	if (sscanf(line, "0x%llx-0x%llx %llu %n", &from, &to, &bytes, &n) < 3 || !n)
		return -1;
	p = strstr(line, " phys=");
	if (!p || !strstr(line, " ioremap"))
		return 0;
	if (sscanf(p, " phys=%llx", &addr) != 1)
		return -1;
	if (bytes > 4096)
		bytes -= 4096;		/* the guard page */
	if (!overlaps(addr, bytes, start, size))
		return 0;
	if (sscanf(line + n, "%127s", who) != 1 || strncmp(who, "phys=", 5) == 0)
		snprintf(who, sizeof(who), "an unnamed caller");
	snprintf(caller, clen, "%s", who);
	*phys = addr;
	*len = bytes;
	return 1;
}

/* Append ", TEXT" (or TEXT) to buf if it fits whole; false if not. */
static bool append(char *buf, size_t len, const char *text)
{
	size_t used = strlen(buf);

	if (used + (used ? 2 : 0) + strlen(text) + 1 > len)
		return false;
	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", text);
	return true;
}

static void find_processes(struct memremap_ctx *ctx, uint64_t start, uint64_t size, char *buf,
			   size_t len)
{
	char path[PATH_MAX], line[512], comm[64], who[128];
	struct dirent *de;
	DIR *proc;
	FILE *f;

	memremap_proc_path(ctx, path, sizeof(path), "");
	proc = opendir(path);
	if (!proc)
		return;
	while ((de = readdir(proc))) {
		bool found = false;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		memremap_proc_path(ctx, path, sizeof(path), de->d_name);
		strncat(path, "/maps", sizeof(path) - strlen(path) - 1);
		f = fopen(path, "re");
		if (!f)
			continue;	/* gone, or not ours to read */
		while (!found && fgets(line, sizeof(line), f))
			found = maps_range(line, start, size);
		fclose(f);
		if (!found)
			continue;
		comm[0] = '\0';
		memremap_proc_path(ctx, path, sizeof(path), de->d_name);
		strncat(path, "/comm", sizeof(path) - strlen(path) - 1);
		f = fopen(path, "re");
		if (f) {
			if (!fgets(comm, sizeof(comm), f))
				comm[0] = '\0';
			fclose(f);
		}
		comm[strcspn(comm, "\n")] = '\0';
		snprintf(who, sizeof(who), "pid %.20s (%.63s)", de->d_name, comm[0] ? comm : "?");
		if (!append(buf, len, who))
			break;
	}
	closedir(proc);
}

static void find_ioremaps(struct memremap_ctx *ctx, uint64_t start, uint64_t size, char *buf,
			  size_t len)
{
	char path[PATH_MAX], line[512], caller[128], who[192];
	uint64_t phys, n;
	FILE *f;

	memremap_proc_path(ctx, path, sizeof(path), "vmallocinfo");
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (memremap_vmallocinfo_ioremap(line, start, size, caller, sizeof(caller),
						 &phys, &n) != 1)
			continue;
		snprintf(who, sizeof(who), "an ioremap by %.127s", caller);
		if (!append(buf, len, who))
			break;
	}
	fclose(f);
}

void memremap_find_memtype_holders(struct memremap_ctx *ctx, uint64_t start, uint64_t size,
				   char *buf, size_t len)
{
	buf[0] = '\0';
	find_processes(ctx, start, size, buf, len);
	find_ioremaps(ctx, start, size, buf, len);
}

static bool is_node(const struct stat *st, dev_t rdev)
{
	return S_ISCHR(st->st_mode) && st->st_rdev == rdev;
}

static bool pid_has_open(int pid_dir, dev_t rdev)
{
	struct dirent *de;
	struct stat st;
	bool found = false;
	DIR *d;
	int fd;

	fd = openat(pid_dir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		/* stat follows the link to the open file itself */
		if (fstatat(fd, de->d_name, &st, 0) == 0 && is_node(&st, rdev))
			found = true;
	}
	closedir(d);
	return found;
}

/*
 * Whether a mapping of the process refers to the node: through
 * map_files (root), which leads to the mapped file itself; where that is
 * not allowed, by the node's own device and inode as maps shows them.
 */
static bool pid_has_mapping(int pid_dir, dev_t rdev, const struct stat *node)
{
	struct memremap_maps_entry e;
	char line[4096], path[96];
	bool found = false;
	struct stat st;
	FILE *f;
	int fd;

	fd = openat(pid_dir, "maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	f = fdopen(fd, "re");
	if (!f) {
		close(fd);
		return false;
	}
	while (!found && fgets(line, sizeof(line), f)) {
		if (memremap_maps_parse(line, &e) < 0 || !e.ino)
			continue;
		snprintf(path, sizeof(path), "map_files/%" PRIx64 "-%" PRIx64, e.from, e.to);
		if (fstatat(pid_dir, path, &st, 0) == 0)
			found = is_node(&st, rdev);
		else if (node)
			found = e.dev == node->st_dev && e.ino == (uint64_t)node->st_ino;
	}
	fclose(f);
	return found;
}

static void read_comm(int pid_dir, char *comm, size_t len)
{
	ssize_t n = -1;
	int fd;

	fd = openat(pid_dir, "comm", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, comm, len - 1);
		close(fd);
	}
	if (n <= 0) {
		snprintf(comm, len, "?");
		return;
	}
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
}

/*
 * Each process of proc but this one: holds(dir, arg, h) says, from the
 * process's directory, whether it holds what is looked for (setting
 * h->mapped, h->open); those that do are kept in out (at most max) with
 * pid and comm. Returns how many hold it.
 */
static size_t scan_processes(const char *proc,
			     bool (*holds)(int dir, const void *arg, struct memremap_holder *h),
			     const void *arg, struct memremap_holder *out, size_t max)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	d = opendir(proc);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct memremap_holder h = { 0 };
		char *end;
		long pid;
		int dir;

		pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0 || pid == getpid())
			continue;
		dir = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dir < 0)
			continue;
		if (holds(dir, arg, &h)) {
			h.pid = (int)pid;
			read_comm(dir, h.comm, sizeof(h.comm));
			if (n < max)
				out[n] = h;
			n++;
		}
		close(dir);
	}
	closedir(d);
	return n;
}

struct node_query {
	dev_t rdev;
	const struct stat *node;
};

static bool holds_node(int dir, const void *arg, struct memremap_holder *h)
{
	const struct node_query *q = arg;

	h->mapped = pid_has_mapping(dir, q->rdev, q->node);
	h->open = pid_has_open(dir, q->rdev);
	return h->mapped || h->open;
}

size_t memremap_holders_scan(const char *proc, dev_t rdev, const char *node_path,
			     struct memremap_holder *out, size_t max)
{
	struct node_query q = { .rdev = rdev };
	struct stat node_st;

	if (node_path && stat(node_path, &node_st) == 0 && is_node(&node_st, rdev))
		q.node = &node_st;
	return scan_processes(proc, holds_node, &q, out, max);
}

/*
 * "mapped by pid 812 (fio) and open in pid 815 (cat)": the mapping
 * processes first, then those that only have it open; 'total' may exceed
 * n when there were more than the caller kept.
 */
void memremap_holders_format(char *buf, size_t len, const struct memremap_holder *h,
			     size_t n, size_t total)
{
	size_t used = 0, shown = 0;
	int pass;

	buf[0] = '\0';
	for (pass = 0; pass < 2; pass++) {
		bool first = true;
		size_t i;

		for (i = 0; i < n; i++) {
			if (pass == 0 ? !h[i].mapped : h[i].mapped)
				continue;
			if (used < len)
				used += snprintf(buf + used, len - used, "%s%s pid %d (%s)",
						 first ? (shown ? " and " : "") : ",",
						 first ? (pass == 0 ? "mapped by" : "open in") : "",
						 h[i].pid, h[i].comm);
			first = false;
			shown++;
		}
	}
	if (total > shown && used < len)
		snprintf(buf + used, len - used, " and %zu more process%s", total - shown,
			 total - shown == 1 ? "" : "es");
}

/*
 * The holders of /dev/pagemapID, as memremap_holders_format() words them,
 * or "" when none could be found (another PID namespace, no /proc): its
 * device number from sysfs ("dev", "MAJ:MIN"), then a scan of /proc.
 */
void memremap_node_holders(struct memremap_ctx *ctx, unsigned int id, char *buf, size_t len)
{
	struct memremap_holder h[8];
	char path[PATH_MAX], proc[PATH_MAX], node[64];
	unsigned int maj, min;
	size_t n;
	FILE *f;
	int ok;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/class/%s/pagemap%u/dev", ctx->sysfs_root,
		 MEMREMAP_CLASS_NAME, id);
	f = fopen(path, "re");
	if (!f)
		return;
	ok = fscanf(f, "%u:%u", &maj, &min) == 2;
	fclose(f);
	if (!ok)
		return;
	memremap_proc_path(ctx, proc, sizeof(proc), "");
	snprintf(node, sizeof(node), "/dev/pagemap%u", id);
	n = memremap_holders_scan(proc, makedev(maj, min), node, h, ARRAY_SIZE(h));
	memremap_holders_format(buf, len, h, n < ARRAY_SIZE(h) ? n : ARRAY_SIZE(h), n);
}

/* /proc/PID/pagemap: bit 63 present (bits 0-54 the pfn), bit 62 swap-like */
#define PM_PRESENT	(1ULL << 63)
#define PM_SWAP		(1ULL << 62)
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_SWAP_SHIFT	5	/* the kernel's MAX_SWAPFILES_SHIFT */

/*
 * The pfn a pagemap entry points at: a present page's, or a device-private
 * entry's (a swap-like entry whose offset is the pfn). Swap entries of
 * swap files (types below the number of swap areas) point nowhere: -1.
 */
uint64_t memremap_pagemap_entry_pfn(uint64_t e, unsigned int nr_swapfiles)
{
	if (e & PM_PRESENT)
		return e & PM_PFN_MASK;
	if ((e & PM_SWAP) && (e & ((1U << PM_SWAP_SHIFT) - 1)) >= nr_swapfiles)
		return (e & PM_PFN_MASK) >> PM_SWAP_SHIFT;
	return UINT64_MAX;
}

/* Does the anonymous memory of process dir map a page of [pfn, pfn + n)? */
static bool pid_maps_pages(int dir, uint64_t pfn, uint64_t n, unsigned int nr_swapfiles)
{
	uint64_t buf[512];
	bool found = false;
	char line[512];
	FILE *maps;
	int fd, mfd;

	fd = openat(dir, "pagemap", O_RDONLY | O_CLOEXEC);
	mfd = openat(dir, "maps", O_RDONLY | O_CLOEXEC);
	maps = mfd >= 0 ? fdopen(mfd, "re") : NULL;
	if (!maps && mfd >= 0)
		close(mfd);
	while (fd >= 0 && maps && !found && fgets(line, sizeof(line), maps)) {
		struct memremap_maps_entry e;
		uint64_t va;

		if (memremap_maps_parse(line, &e) < 0 || e.ino)
			continue;
		for (va = e.from; va < e.to && !found;) {
			size_t want = (e.to - va) / 4096, i;
			ssize_t got;

			if (want > 512)
				want = 512;
			got = pread(fd, buf, want * 8, (off_t)(va / 4096 * 8));
			if (got <= 0)
				break;
			for (i = 0; i < (size_t)got / 8; i++) {
				uint64_t p = memremap_pagemap_entry_pfn(buf[i], nr_swapfiles);

				if (p >= pfn && p - pfn < n)
					found = true;
			}
			va += (uint64_t)got / 8 * 4096;
		}
	}
	if (maps)
		fclose(maps);
	if (fd >= 0)
		close(fd);
	return found;
}

/* Swap areas now: the lines of /proc/swaps after its heading. */
static unsigned int count_swapfiles(const char *proc)
{
	char path[PATH_MAX], line[512];
	unsigned int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/swaps", proc);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n ? n - 1 : 0;
}

struct page_query {
	uint64_t pfn, n;
	unsigned int nr_swapfiles;
};

static bool holds_pages(int dir, const void *arg, struct memremap_holder *h)
{
	const struct page_query *q = arg;

	h->mapped = pid_maps_pages(dir, q->pfn, q->n, q->nr_swapfiles);
	return h->mapped;
}

size_t memremap_page_holders_scan(const char *proc, uint64_t pfn, uint64_t n,
				  struct memremap_holder *out, size_t max)
{
	struct page_query q = { .pfn = pfn, .n = n, .nr_swapfiles = count_swapfiles(proc) };

	return scan_processes(proc, holds_pages, &q, out, max);
}

/*
 * The processes whose memory is in pagemap pm's device pages (migrated
 * data), as memremap_holders_format() words them, or "" when none could
 * be found (another PID namespace, no /proc, not root).
 */
void memremap_devpage_holders(struct memremap_ctx *ctx, uint64_t start, uint64_t size,
			      char *buf, size_t len)
{
	struct memremap_holder h[8];
	char proc[PATH_MAX];
	size_t n;

	memremap_proc_path(ctx, proc, sizeof(proc), "");
	n = memremap_page_holders_scan(proc, start / 4096, size / 4096, h, ARRAY_SIZE(h));
	memremap_holders_format(buf, len, h, n < ARRAY_SIZE(h) ? n : ARRAY_SIZE(h), n);
}
