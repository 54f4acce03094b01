/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * The attributes of /sys/class/memremap/pagemapN, one line each. This list
 * is the only definition: the module's sysfs files (kernel/sysfs.c) and
 * libmemremap's reader (lib/pagemap.c) both expand it, and host tests hold
 * kernel/ABI/sysfs-class-memremap, the test trees (test/unit/mktree.sh) and
 * the JSON schema to it (test/unit/attributes.sh).
 *
 * X(file, kind, field, bit): the file's name; how its one value is written;
 * the field of struct memremap_pagemap_info it shows; for kind FLAG, the
 * bit of that field (0 or 1 in the file). Kinds:
 *   U32, U64  decimal
 *   ADDR      a physical address, 0x-prefixed hexadecimal; readable by
 *             root alone (0400), as /proc/iomem shows addresses to root
 *             alone (the other files are 0444)
 *   S32       decimal, -1 for none      STR       text, "" for none
 *   TYPE      generic, fsdax, ... (enum memremap_type's names)
 *   LOCATION  ram or altmap (enum memremap_memmap_location)
 *   MEMTYPE   write-back, write-combining, uncached-minus, uncached,
 *             write-through, write-protected (enum memremap_memtype's
 *             words, as the kernel's pat_memtype_list has them), none
 * Adding an attribute: a field in the info struct (uAPI), its value in
 * mr_fill_info(), a line here, its paragraph in the ABI file, a getter.
 */
#ifndef _MEMREMAP_PAGEMAP_ATTRS_H
#define _MEMREMAP_PAGEMAP_ATTRS_H

#define MEMREMAP_PAGEMAP_ATTRS(X)					\
	X(id,			U32,		id,		0)	\
	X(name,			STR,		name,		0)	\
	X(type,			TYPE,		type,		0)	\
	X(start,		ADDR,		start,		0)	\
	X(size,			U64,		size,		0)	\
	X(numa_node,		S32,		numa_node,	0)	\
	X(align,		U64,		align,		0)	\
	X(altmap,		FLAG,		flags,		MEMREMAP_INFO_ALTMAP) \
	X(altmap_reserve,	U64,		altmap_reserve,	0)	\
	X(altmap_free,		U64,		altmap_free,	0)	\
	X(altmap_alloc,		U64,		altmap_alloc,	0)	\
	X(memmap_bytes,		U64,		memmap_bytes,	0)	\
	X(memmap_location,	LOCATION,	memmap_location, 0)	\
	X(data_offset,		U64,		data_offset,	0)	\
	X(parent,		STR,		parent_name,	0)	\
	X(parent_start,		ADDR,		parent_start,	0)	\
	X(parent_size,		U64,		parent_size,	0)	\
	X(namespace,		STR,		origin_namespace, 0)	\
	X(dax_region,		STR,		origin_dax_region, 0)	\
	X(pci_device,		STR,		pci_device,	0)	\
	X(pci_bar,		S32,		pci_bar,	0)	\
	X(pci_offset,		U64,		pci_offset,	0)	\
	X(chardev,		FLAG,		flags,		MEMREMAP_INFO_CHARDEV) \
	X(users,		U32,		users,		0)	\
	X(memtype,		MEMTYPE,	memtype,	0)	\
	X(migration,		FLAG,		flags,		MEMREMAP_INFO_COUNTERS) \
	X(migration_pages_in_use, U64,		pages_in_use,	0)	\
	X(migration_in,		U64,		migrated_in,	0)	\
	X(migration_out,	U64,		migrated_out,	0)	\
	X(migration_failures,	U64,		migrate_failures, 0)

/*
 * enum memremap_memtype's words, as the kernel's pat_memtype_list prints
 * them (the memtype file and libmemremap); UNKNOWN has none ("none" in
 * sysfs, NULL in the library).
 */
#define MEMREMAP_MEMTYPE_WORDS(X)					\
	X(MEMREMAP_MEMTYPE_WB,		"write-back")			\
	X(MEMREMAP_MEMTYPE_WC,		"write-combining")		\
	X(MEMREMAP_MEMTYPE_UC_MINUS,	"uncached-minus")		\
	X(MEMREMAP_MEMTYPE_UC,		"uncached")			\
	X(MEMREMAP_MEMTYPE_WT,		"write-through")		\
	X(MEMREMAP_MEMTYPE_WP,		"write-protected")

#endif /* _MEMREMAP_PAGEMAP_ATTRS_H */
