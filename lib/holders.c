// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who keeps a pagemap's device node busy: the processes that have it open
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "private.h"

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
 * One line of /proc/PID/maps: "START-END PERMS OFFSET MAJ:MIN INODE PATH".
 * Fills the range's text ("7f..-7f..", the name of its map_files entry)
 * and the file's device and inode; false for lines without a file.
 */
bool memremap_maps_line(const char *line, char *range, size_t len, dev_t *dev, uint64_t *ino)
{
	unsigned long long start, end, off, inode;
	unsigned int maj, min;
	char perms[8];

	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu", &start, &end, perms, &off,
		   &maj, &min, &inode) != 7 || end <= start)
		return false;
	if (!inode)
		return false;
	snprintf(range, len, "%llx-%llx", start, end);
	*dev = makedev(maj, min);
	*ino = inode;
	return true;
}

/*
 * Whether a mapping of the process refers to the node: through
 * map_files (root), which leads to the mapped file itself; where that is
 * not allowed, by the node's own device and inode as maps shows them.
 */
static bool pid_has_mapping(int pid_dir, dev_t rdev, const struct stat *node)
{
	char line[4096], range[80], path[96];
	bool found = false;
	struct stat st;
	uint64_t ino;
	dev_t dev;
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
		if (!memremap_maps_line(line, range, sizeof(range), &dev, &ino))
			continue;
		snprintf(path, sizeof(path), "map_files/%s", range);
		if (fstatat(pid_dir, path, &st, 0) == 0)
			found = is_node(&st, rdev);
		else if (node)
			found = dev == node->st_dev && ino == (uint64_t)node->st_ino;
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

size_t memremap_holders_scan(const char *proc, dev_t rdev, const char *node_path,
			     struct memremap_holder *out, size_t max)
{
	struct stat node_st, *node = NULL;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	if (node_path && stat(node_path, &node_st) == 0 && is_node(&node_st, rdev))
		node = &node_st;
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
		h.pid = (int)pid;
		h.mapped = pid_has_mapping(dir, rdev, node);
		h.open = pid_has_open(dir, rdev);
		if (h.mapped || h.open) {
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
