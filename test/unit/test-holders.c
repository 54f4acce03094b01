// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Finding who holds a device node (lib/holders.c): the maps parser, the
 * wording, and a real scan of /proc for a child that has /dev/null open.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "../../lib/private.h"
#include "tap.h"

static void maps_lines(void)
{
	struct memremap_maps_entry e;

	ok(memremap_maps_parse("7f1200000000-7f1200200000 rw-s 00000000 00:05 812    "
			       "/dev/pagemap0\n", &e) == 0 &&
	   e.from == 0x7f1200000000ULL && e.to == 0x7f1200200000ULL &&
	   e.dev == makedev(0, 5) && e.ino == 812 && !strcmp(e.path, "/dev/pagemap0\n"),
	   "a file mapping gives its addresses, device, inode and path (%u:%u %llu)",
	   major(e.dev), minor(e.dev), (unsigned long long)e.ino);
	ok(memremap_maps_parse("55d0c4a00000-55d0c4a21000 rw-p 00001000 fd:01 131090 "
			       "/usr/bin/fio\n", &e) == 0 &&
	   e.dev == makedev(0xfd, 1) && e.off == 0x1000,
	   "hexadecimal major, minor and offset are read as such");
	ok(memremap_maps_parse("7ffd1c5e0000-7ffd1c601000 rw-p 00000000 00:00 0      "
			       "[stack]\n", &e) == 0 && e.ino == 0,
	   "an anonymous mapping has no file");
	ok(memremap_maps_parse("garbage\n", &e) < 0, "a line that is not a mapping is refused");
}

static void wording(void)
{
	struct memremap_holder h[] = {
		{ .pid = 812, .comm = "fio", .mapped = true, .open = true },
		{ .pid = 815, .comm = "cat", .open = true },
		{ .pid = 820, .comm = "fio", .mapped = true },
	};
	char buf[256];

	memremap_holders_format(buf, sizeof(buf), h, 1, 1);
	contains(buf, "mapped by pid 812 (fio)", "one mapping process");
	ok(!strcmp(buf, "mapped by pid 812 (fio)"), "and nothing else: %s", buf);
	memremap_holders_format(buf, sizeof(buf), h + 1, 1, 1);
	ok(!strcmp(buf, "open in pid 815 (cat)"), "a process that only has it open: %s", buf);
	memremap_holders_format(buf, sizeof(buf), h, 3, 3);
	ok(!strcmp(buf, "mapped by pid 812 (fio), pid 820 (fio) and open in pid 815 (cat)"),
	   "mapping processes first, then the others: %s", buf);
	memremap_holders_format(buf, sizeof(buf), h, 2, 5);
	contains(buf, " and 3 more processes", "those not kept are counted");
	memremap_holders_format(buf, 16, h, 3, 3);
	ok(strlen(buf) == 15, "a short buffer is cut, not overrun");
}

/* A child holds /dev/null open; the scan must find it by device number. */
static void live_scan(void)
{
	struct memremap_holder h[4096];
	int ready[2], hold[2];
	struct stat st;
	size_t n, i;
	bool found = false;
	pid_t child;
	char c;

	if (stat("/dev/null", &st) || !S_ISCHR(st.st_mode) || pipe(ready) || pipe(hold)) {
		ok(0, "/dev/null and pipes for the scan");
		return;
	}
	child = fork();
	if (child == 0) {
		int fd = open("/dev/null", O_RDONLY);

		close(ready[0]);
		close(hold[1]);
		if (fd < 0 || write(ready[1], "r", 1) != 1)
			_exit(1);
		/* keep it open until the parent is done */
		_exit(read(hold[0], &c, 1) < 0);
	}
	close(ready[1]);
	close(hold[0]);
	ok(read(ready[0], &c, 1) == 1, "the child opened /dev/null");
	n = memremap_holders_scan("/proc", st.st_rdev, "/dev/null", h, ARRAY_SIZE(h));
	for (i = 0; i < n && i < ARRAY_SIZE(h); i++)
		if (h[i].pid == child)
			found = h[i].open && !h[i].mapped && h[i].comm[0];
	ok(found, "the scan finds the child (pid %d) with /dev/null open, not mapped", child);
	n = memremap_holders_scan("/proc", makedev(4095, 1048575), NULL, h, ARRAY_SIZE(h));
	ok(n == 0, "no process holds a device that does not exist (%zu found)", n);
	close(hold[1]);
	waitpid(child, NULL, 0);
}

/* /proc/PID/pagemap entries: present pages, device-private entries, swap */
static void pagemap_entries(void)
{
	const uint64_t present = 1ULL << 63, swap = 1ULL << 62;

	ok(memremap_pagemap_entry_pfn(present | 0x123456, 1) == 0x123456,
	   "a present page's pfn");
	ok(memremap_pagemap_entry_pfn(swap | (0x880000ULL << 5) | 29, 1) == 0x880000,
	   "a device-private entry (a swap type beyond the swap areas) points at its pfn");
	ok(memremap_pagemap_entry_pfn(swap | (0x880000ULL << 5) | 0, 1) == UINT64_MAX,
	   "an entry of swap area 0 points at no page");
	ok(memremap_pagemap_entry_pfn(0, 0) == UINT64_MAX, "nothing mapped points at no page");
	ok(memremap_pagemap_entry_pfn(present | (1ULL << 55) | 7, 0) == 7,
	   "flag bits above the pfn are not part of it");
}

int main(void)
{
	maps_lines();
	pagemap_entries();
	wording();
	live_scan();
	return done();
}
