// SPDX-License-Identifier: GPL-2.0
/*
 * The README's example: map a pagemap's memory and use it. After
 * "memremapctl create --start 0x100000000 --size 1G --name demo":
 *   cc -o map-example map-example.c && ./map-example /dev/pagemap0
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *node = argc > 1 ? argv[1] : "/dev/pagemap0";
	size_t len = 2 << 20;	/* a multiple of the pagemap's align (1G: 1 GiB) */
	char *p;
	int fd;

	fd = open(node, O_RDWR);
	if (fd < 0) {
		perror(node);
		return 1;
	}
	/* MAP_SHARED only; file offset 0 is the pagemap's first usable byte */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);		/* the mapping keeps the pagemap in use */
	strcpy(p, "hello from ZONE_DEVICE pages");
	printf("%s: %s\n", node, p);
	munmap(p, len);		/* now destroy may take the pagemap */
	return 0;
}
