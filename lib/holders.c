// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who holds a physical range with another memory type (x86 PAT) than a
 * pagemap needs: processes that map it through /dev/mem (in
 * /proc/PID/maps a /dev/mem mapping's offset is the physical address) and
 * drivers that ioremap it (/proc/vmallocinfo: "phys=" and the caller).
 * Both are only readable in full by root; what cannot be read is left out.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/*
 * One line of /proc/PID/maps: "7f..-7f.. rw-s 90000000 00:05 3   /dev/mem".
 * 1 when it maps /dev/mem over [start, start + size) (*phys and *len: what
 * it maps), 0 when not, -1 when the line is malformed.
 */
int memremap_maps_devmem(const char *line, uint64_t start, uint64_t size, uint64_t *phys,
			 uint64_t *len)
{
	unsigned long long from, to, off, inode;
	char perms[8], dev[16];
	int n = 0;
	const char *path;

	if (sscanf(line, "%llx-%llx %7s %llx %15s %llu %n", &from, &to, perms, &off, dev,
		   &inode, &n) < 6 || !n || to < from)
		return -1;
	path = line + n;
	while (*path == ' ')
		path++;
	if (strncmp(path, "/dev/mem", 8) != 0 || (path[8] && !isspace((unsigned char)path[8])))
		return 0;
	if (!overlaps(off, to - from, start, size))
		return 0;
	*phys = off;
	*len = to - from;
	return 1;
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
	uint64_t phys, n;
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
			found = memremap_maps_devmem(line, start, size, &phys, &n) == 1;
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
