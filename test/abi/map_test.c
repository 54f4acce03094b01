// SPDX-License-Identifier: GPL-2.0
/*
 * memremap-map-test: what test/guest/dev-pagemap.sh asks of /dev/pagemapN
 * that a shell cannot do itself. One command per run; every result is one
 * line on stdout, every failure says what differed on stderr and exits 1.
 *
 *   mmap DEV OFFSET LENGTH [private]
 *        map LENGTH bytes at OFFSET (MAP_SHARED, or MAP_PRIVATE) and touch
 *        nothing: prints "ok ADDRESS" or "error ERRNO-NAME"
 *   verify DEV LENGTH PHYS ALIGN
 *        map the first LENGTH bytes with mmap(NULL) and check that the
 *        address is ALIGN-aligned; write a pattern through it; read it back
 *        through a second open file and mapping, and from a child process
 *        with its own; where ALIGN is at most 2 MiB, check in
 *        /proc/self/pagemap that every page of the first mapping is present
 *        at PHYS + its offset (a touch of one byte per ALIGN unit first, so
 *        that a PTE-sized fault could not have mapped the rest)
 *   hold DEV LENGTH [closefd]
 *        open DEV, map and touch LENGTH bytes (none if 0), close the file
 *        if asked (the mapping keeps it), print "ready", and keep them
 *        until stdin reaches its end
 *   open-as UID DEV
 *        become UID (and its group) and open DEV read-write: prints "ok"
 *        or "error ERRNO-NAME"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENXIO: return "ENXIO";
	case ENODEV: return "ENODEV";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case ENOENT: return "ENOENT";
	default: return strerror(e);
	}
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "not a number: '%s'\n", s);
		exit(2);
	}
	return v;
}

static int open_dev(const char *dev)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", dev, strerror(errno));
		exit(1);
	}
	return fd;
}

static void *map(int fd, uint64_t len, uint64_t off)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       (off_t)off);

	if (p == MAP_FAILED) {
		fprintf(stderr, "mmap %" PRIu64 " bytes at %" PRIu64 ": %s\n",
			len, off, strerror(errno));
		exit(1);
	}
	return p;
}

static uint64_t pattern(uint64_t i)
{
	return 0x9e3779b97f4a7c15ULL * (i + 1) ^ 0x6d656d72656d6170ULL;
}

static bool check_pattern(const volatile uint64_t *p, uint64_t len,
			  const char *what)
{
	uint64_t i;

	for (i = 0; i < len / 8; i++) {
		if (p[i] != pattern(i)) {
			fprintf(stderr, "%s: word %" PRIu64 " is %#" PRIx64
				", want %#" PRIx64 "\n", what, i, p[i],
				pattern(i));
			return false;
		}
	}
	return true;
}

static bool check_pfns(const void *addr, uint64_t len, uint64_t phys)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), i, n = len / page;
	uint64_t *ent = calloc(n, sizeof(*ent));
	off_t at = (off_t)((uintptr_t)addr / page * sizeof(*ent));
	int fd = open("/proc/self/pagemap", O_RDONLY);
	bool ok = true;

	if (!ent || fd < 0 ||
	    pread(fd, ent, n * sizeof(*ent), at) != (ssize_t)(n * sizeof(*ent))) {
		fprintf(stderr, "/proc/self/pagemap: %s\n", strerror(errno));
		return false;
	}
	for (i = 0; i < n && ok; i++) {
		uint64_t pfn = ent[i] & ((1ULL << 55) - 1);

		if (!(ent[i] & (1ULL << 63)) || pfn != phys / page + i) {
			fprintf(stderr, "page %" PRIu64 " of the mapping: %s, pfn %#"
				PRIx64 ", want pfn %#" PRIx64 "\n", i,
				ent[i] & (1ULL << 63) ? "present" : "not present",
				pfn, phys / page + i);
			ok = false;
		}
	}
	close(fd);
	free(ent);
	return ok;
}

static int cmd_mmap(int argc, char **argv)
{
	bool private = argc > 5 && !strcmp(argv[5], "private");
	int fd = open_dev(argv[2]);
	void *p = mmap(NULL, num(argv[4]), PROT_READ | PROT_WRITE,
		       private ? MAP_PRIVATE : MAP_SHARED, fd,
		       (off_t)num(argv[3]));

	if (p == MAP_FAILED) {
		printf("error %s\n", errname(errno));
		return 1;
	}
	printf("ok %p\n", p);
	return 0;
}

static int cmd_verify(char **argv)
{
	uint64_t len = num(argv[3]), phys = num(argv[4]), align = num(argv[5]);
	int fd = open_dev(argv[2]), fd2;
	volatile uint64_t *p, *q;
	uint64_t i;
	pid_t pid;
	int status;

	p = map(fd, len, 0);
	if ((uintptr_t)p % align) {
		fprintf(stderr, "mmap(NULL) gave %p, not aligned to %" PRIu64
			"\n", (void *)p, align);
		return 1;
	}
	/* one byte per compound page: a PTE fault would map only its page */
	for (i = 0; i < len; i += align)
		p[i / 8] = pattern(i / 8);
	if (align <= (2ULL << 20) && !check_pfns((void *)p, len, phys))
		return 1;
	for (i = 0; i < len / 8; i++)
		p[i] = pattern(i);

	fd2 = open_dev(argv[2]);
	q = map(fd2, len, 0);
	if (!check_pattern(q, len, "second mapping"))
		return 1;
	munmap((void *)q, len);
	close(fd2);

	pid = fork();
	if (pid == 0) {
		int cfd = open_dev(argv[2]);

		/* not this process's mapping: its own file and vma */
		munmap((void *)p, len);
		q = map(cfd, len, 0);
		_exit(check_pattern(q, len, "child process") ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "the child process did not read the pattern\n");
		return 1;
	}
	printf("ok %p\n", (void *)p);
	return 0;
}

static int cmd_hold(int argc, char **argv)
{
	uint64_t len = num(argv[3]);
	int fd = open_dev(argv[2]);
	volatile char *p = NULL;
	char buf[64];

	if (len) {
		p = map(fd, len, 0);
		p[0] = 1;
	}
	if (argc > 4 && !strcmp(argv[4], "closefd")) {
		close(fd);
		fd = -1;
	}
	printf("ready\n");
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	if (p)
		munmap((void *)p, len);
	if (fd >= 0)
		close(fd);
	return 0;
}

static int cmd_open_as(char **argv)
{
	uid_t uid = (uid_t)num(argv[2]);
	int fd;

	if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
		fprintf(stderr, "become %u: %s\n", uid, strerror(errno));
		return 2;
	}
	fd = open(argv[3], O_RDWR);
	if (fd < 0) {
		printf("error %s\n", errname(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "mmap"))
		return cmd_mmap(argc, argv);
	if (argc == 6 && !strcmp(argv[1], "verify"))
		return cmd_verify(argv);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "hold"))
		return cmd_hold(argc, argv);
	if (argc == 4 && !strcmp(argv[1], "open-as"))
		return cmd_open_as(argv);
	fprintf(stderr, "usage: memremap-map-test mmap DEV OFFSET LENGTH [private]\n"
		"       memremap-map-test verify DEV LENGTH PHYS ALIGN\n"
		"       memremap-map-test hold DEV LENGTH [closefd]\n"
		"       memremap-map-test open-as UID DEV\n");
	return 2;
}
