// SPDX-License-Identifier: GPL-2.0
/*
 * memremap-devmem-hold START SIZE [FILE]: map [START, START + SIZE) of
 * physical memory through /dev/mem with O_SYNC (uncached-minus in the x86
 * memtype tree, as a user-space driver does it), or SIZE bytes at offset
 * START of FILE (a PCI BAR's sysfs resourceN_wc: write-combining), touch
 * it, print "ready" on stdout and keep the mapping until stdin reaches
 * end of file; for each line read meanwhile, touch the mapping again and
 * print "touched" (a mapping the kernel revoked faults instead: SIGBUS).
 * The guest tests use it as the holder of a conflicting memory type: the
 * shell waits for the "ready" line and ends the holder by closing its
 * stdin, so nothing waits for a time.
 *
 * Exit status 0 after a clean end, 1 when /dev/mem refused (the error is on
 * stderr, "open" or "mmap" first, with errno's text), 2 for bad arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int parse(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end == 'M' && end[1] == '\0')
		*v <<= 20;
	else if (*end != '\0')
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long start, size;
	const char *file = argc == 4 ? argv[3] : "/dev/mem";
	volatile unsigned char *p;
	char buf[64];
	ssize_t n;
	int fd;

	if (argc < 3 || argc > 4 || parse(argv[1], &start) || parse(argv[2], &size) ||
	    !size) {
		fprintf(stderr, "usage: %s START SIZE [FILE] (SIZE may end in M)\n",
			argv[0]);
		return 2;
	}
	fd = open(file, O_RDWR | (argc == 3 ? O_SYNC : 0));
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", file, strerror(errno));
		return 1;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)start);
	if (p == MAP_FAILED) {
		fprintf(stderr, "mmap %s at 0x%llx: %s\n", file, start,
			strerror(errno));
		return 1;
	}
	p[0] = p[0];		/* fault it in: the PTE is made with the type */
	printf("ready\n");
	fflush(stdout);
	/* each line in: touch the mapping again and say so (a revoked one faults) */
	while ((n = read(0, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
		if (n <= 0)
			continue;
		p[0] = p[0];
		printf("touched\n");
		fflush(stdout);
	}
	munmap((void *)p, size);
	close(fd);
	return 0;
}
