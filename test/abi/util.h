/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for the ABI tests: ioctl wrappers and views of kernel state. */
#ifndef MEMREMAP_TEST_UTIL_H
#define MEMREMAP_TEST_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "memremap_ctl.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

struct range_ {
	uint64_t start;
	uint64_t size;
};

/* /dev/memremap, opened once per process; mr_fd_close() shuts it. */
int mr_fd(void);
void mr_fd_close(void);

/* A create request with the given fields and every other field zero. */
struct memremap_create mk_create(uint64_t start, uint64_t len, uint32_t type);

/* ioctl wrappers: return 0 or -errno, leaving the struct as the kernel did. */
int do_create(struct memremap_create *c);
int do_destroy(uint32_t id, struct memremap_destroy *d);
int do_query(uint32_t id, uint32_t flags, const char *name,
	     struct memremap_query *q);
int do_version(struct memremap_version *v);
int do_hold(int fd, uint32_t id, bool hold);

/* Destroy every pagemap; returns how many there were. */
int destroy_all(void);

/* The n-th top-level "Persistent Memory (legacy)" range in /proc/iomem. */
bool pmem_range(int n, struct range_ *r);
/* First top-level /proc/iomem entry named 'name' starting at or above min. */
bool iomem_range(const char *name, uint64_t min, struct range_ *r);

/* /proc/iomem plus the names in /sys/class/memremap, as one string. */
char *state_snapshot(void);

/* Free RAM in bytes: MemFree plus pages on per-CPU free lists. */
uint64_t free_ram(void);

/* Contents of /sys/class/memremap/pagemapID/ATTR without the newline. */
bool sysfs_attr(uint32_t id, const char *attr, char *buf, size_t len);
uint64_t sysfs_u64(uint32_t id, const char *attr);

/* Whether /proc/iomem has a line "START-END : NAME" nested under a parent. */
bool iomem_has_child(uint64_t start, uint64_t size, const char *name);

const char *reason_name(uint32_t reason);

#endif
