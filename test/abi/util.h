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
/* A /proc/vmstat counter (in pages), -1 where the kernel has none. */
int64_t vmstat_pages(const char *key);

/* Write val to the file at path (sysfs, debugfs, procfs knobs). */
bool write_str(const char *path, const char *val);

/* Contents of /sys/class/memremap/pagemapID/ATTR without the newline. */
bool sysfs_attr(uint32_t id, const char *attr, char *buf, size_t len);
uint64_t sysfs_u64(uint32_t id, const char *attr);

/* Whether /proc/iomem has a line "START-END : NAME" nested under a parent. */
bool iomem_has_child(uint64_t start, uint64_t size, const char *name);

const char *reason_name(uint32_t reason);

/* checks.c */
#define PAGE 4096ULL
#define STRUCT_PAGE 64ULL
#define SECTION (128 * MiB)

/* The guest's "Persistent Memory (legacy)" ranges: 512 MiB and 1 GiB. */
extern struct range_ pm0, pm1;
void need_ranges(void);
/* Before each test: no pagemaps, and the ranges are there. */
void reset(void);
/* Create, requiring success. */
struct memremap_create create_ok(struct memremap_create c);
/*
 * RAM that making and destroying one pagemap at start..start+size, its
 * memmap in RAM, does not give back although the kernel counts the memmap
 * as freed (nr_memmap_pages back where it was): what the kernel keeps.
 * 0 where the kernel does not count memmap pages.
 */
uint64_t memmap_ram_kept(uint64_t start, uint64_t size);
/*
 * A refused request: the right errno and reason, and nothing changed in
 * /proc/iomem or /sys/class/memremap.
 */
struct memremap_create refused(struct memremap_create c, int err, uint32_t reason,
			       const char *what);
/* Every attribute in sysfs says what the ioctl said. */
void check_sysfs(const struct memremap_pagemap_info *i);

/* Fault injection (CONFIG_FAULT_INJECTION): arm it for this thread; skips without it. */
enum fi_kind { FI_SLAB, FI_PAGES };
void arm_fault_injection(enum fi_kind kind);
/* What is left of /proc/thread-self/fail-nth: > 0 when fewer allocations came. */
int read_fail_nth(void);

/* One kind of create for fault_loop_create(): made afresh for each fault. */
struct fault_create {
	const char *what;				/* "generic, altmap" */
	struct memremap_create (*make)(const void *arg);
	const void *arg;
	char *(*extra_state)(const void *arg);	/* beyond /proc/iomem and the class; or NULL */
};
int fault_loop_create(enum fi_kind kind, const struct fault_create *fc);

#endif
