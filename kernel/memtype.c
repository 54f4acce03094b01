// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: the memory type (x86 PAT cache mode) of a pagemap's range.
 *
 * memremap_pages() reserves its range in the x86 memtype tree with the
 * cache mode it asks for (write-back; uncached-minus for p2pdma), and when
 * the tree already holds another type there, it silently adopts it (Linux
 * 6.19) or reserves write-back over an uncached mapping (Debian's 6.1 and
 * 6.12): either way one physical page ends up mapped with two cache modes,
 * or the pagemap runs uncached. A create is therefore refused when the
 * range already has a reservation of another type.
 *
 * The memtype tree itself (memtype_reserve(), lookup_memtype()) is not
 * exported. What is: ioremap_cache() reserves write-back and, where the
 * tree holds one other type over the range, maps the range with that type
 * instead (memtype_reserve()'s new_type); where it holds several types it
 * fails. The cache bits of the mapping's page table entry, compared with
 * cachemode2protval() of each mode, name the type; iounmap() frees the
 * reservation again. A range that does not come out as expected is split
 * in halves down to single pages to find where the other type lies.
 *
 * The check comes before the range is claimed: claiming it revokes
 * /dev/mem mappings of it (IO_STRICT_DEVMEM: their pages are unmapped),
 * which on 6.1 and 6.12 also frees their reservations (measured: the
 * holder's entry leaves pat_memtype_list at the claim; on 6.19 it stays).
 * It runs once more after the claim: a mapping made in between keeps its
 * reservation on 6.19 (its pages are revoked, but memremap_pages() would
 * still adopt its type).
 *
 * A live pagemap's type is read from the kernel's direct map, which
 * memremap_pages() (arch_add_memory()) made for the range with the cache
 * mode it reserved: every page table entry over the range, at whatever
 * level it maps.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sizes.h>

#include "internal.h"

#ifdef CONFIG_X86_PAT
#include <asm/memtype.h>
#include <asm/pgtable.h>

static const struct {
	enum page_cache_mode pcm;
	u32 memtype;
} mr_cache_modes[] = {
	{ _PAGE_CACHE_MODE_WB, MEMREMAP_MEMTYPE_WB },
	{ _PAGE_CACHE_MODE_WC, MEMREMAP_MEMTYPE_WC },
	{ _PAGE_CACHE_MODE_UC_MINUS, MEMREMAP_MEMTYPE_UC_MINUS },
	{ _PAGE_CACHE_MODE_UC, MEMREMAP_MEMTYPE_UC },
	{ _PAGE_CACHE_MODE_WT, MEMREMAP_MEMTYPE_WT },
	{ _PAGE_CACHE_MODE_WP, MEMREMAP_MEMTYPE_WP },
};

bool mr_memtype_supported(void)
{
	return pat_enabled();
}

/*
 * The memory type of one page table entry at 'level'. A large entry keeps
 * its PAT bit elsewhere (bit 12): moved to where a 4K entry has it first.
 * Where two modes share one PAT slot, the first in the table above wins.
 */
static u32 mr_entry_memtype(pteval_t val, unsigned int level)
{
	pgprotval_t bits = val;
	size_t i;

	if (level != PG_LEVEL_4K)
		bits = protval_large_2_4k(bits);
	bits &= _PAGE_CACHE_MASK;
	for (i = 0; i < ARRAY_SIZE(mr_cache_modes); i++)
		if ((cachemode2protval(mr_cache_modes[i].pcm) &
		     _PAGE_CACHE_MASK) == bits)
			return mr_cache_modes[i].memtype;
	return MEMREMAP_MEMTYPE_UNKNOWN;
}

/*
 * The memory type the kernel's page tables map [addr, addr + len) of its
 * own address space with: every entry over the range, at its level. Where
 * entries differ, the first that is not write-back (the one that matters);
 * UNKNOWN where a part is not mapped at all.
 */
static u32 mr_kernel_map_memtype(unsigned long addr, unsigned long len)
{
	unsigned long end = addr + len;
	u32 found = MEMREMAP_MEMTYPE_UNKNOWN;
	unsigned long n = 0;

	while (addr < end) {
		unsigned int level;
		pte_t *pte = lookup_address(addr, &level);
		u32 mt;

		if (!pte || !pte_present(*pte))
			return MEMREMAP_MEMTYPE_UNKNOWN;
		mt = mr_entry_memtype(pte_val(*pte), level);
		if (found == MEMREMAP_MEMTYPE_UNKNOWN ||
		    found == MEMREMAP_MEMTYPE_WB)
			found = mt;
		addr = ALIGN_DOWN(addr, page_level_size(level)) +
		       page_level_size(level);
		if (!(++n % 4096))
			cond_resched();
	}
	return found;
}

u32 mr_memtype_of(const struct mr_pagemap *pm)
{
	/* private pages have no direct map: the CPU cannot reach them */
	if (!pat_enabled() || pm->type == MEMREMAP_TYPE_PRIVATE || !pm->mapped)
		return MEMREMAP_MEMTYPE_UNKNOWN;
	return mr_kernel_map_memtype((unsigned long)__va(pm->start), pm->size);
}

/* The type memremap_pages() asks for: p2pdma is mapped uncached. */
static u32 mr_memtype_wanted(u32 type)
{
	return type == MEMREMAP_TYPE_P2PDMA ? MEMREMAP_MEMTYPE_UC_MINUS :
					      MEMREMAP_MEMTYPE_WB;
}

/*
 * The type the memtype tree gives [start, start + size) for a request of
 * 'want' (write-back or uncached-minus): a reservation's type where there
 * is one (or, for write-back, uncached-minus where the MTRRs do not say
 * write-back, as memremap_pages() itself would get). -EBUSY when the
 * range holds reservations of several types or one that 'want' cannot
 * adopt, -ENOMEM when the mapping could not be made.
 */
static int mr_probe(u64 start, u64 size, u32 want, u32 *mt)
{
	unsigned int nth = mr_fault_isolate_begin();
	void __iomem *va;

	if (want == MEMREMAP_MEMTYPE_WB)
		va = ioremap_cache(start, size);
	else
		va = ioremap(start, size);
	mr_fault_isolate_end(nth);
	if (!va)
		return -EBUSY;
	/* ioremap maps the whole range with one cache mode: its first entry */
	*mt = mr_kernel_map_memtype((unsigned long)va, PAGE_SIZE);
	iounmap(va);
	return *mt == MEMREMAP_MEMTYPE_UNKNOWN ? -ENOMEM : 0;
}

/* The type of one page that did not come out as 'want' */
static u32 mr_page_memtype(u64 addr, u32 want)
{
	u32 mt;

	if (!mr_probe(addr, PAGE_SIZE, want, &mt))
		return mt;
	/* 'want' could not adopt it: write-back adopts anything */
	if (!mr_probe(addr, PAGE_SIZE, MEMREMAP_MEMTYPE_WB, &mt))
		return mt;
	return MEMREMAP_MEMTYPE_UNKNOWN;
}

/*
 * The first (from_end: last) page of [start, start + size) whose type is
 * not 'want', by halving; false when there is none.
 */
static bool mr_find_other(u64 start, u64 size, u32 want, bool from_end,
			  u64 *page)
{
	u64 half;
	u32 mt;

	if (!mr_probe(start, size, want, &mt) && mt == want)
		return false;
	if (size == PAGE_SIZE) {
		*page = start;
		return true;
	}
	cond_resched();
	half = ALIGN(size / 2, PAGE_SIZE);
	if (from_end)
		return mr_find_other(start + half, size - half, want, true,
				     page) ||
		       mr_find_other(start, half, want, true, page);
	return mr_find_other(start, half, want, false, page) ||
	       mr_find_other(start + half, size - half, want, false, page);
}

/* Probed at most this much at a time: bounds the mapping's page tables */
#define MR_PROBE_CHUNK	SZ_1G

/* mr_find_other() over [start, start + size), a chunk at a time */
static bool mr_find_chunked(u64 start, u64 size, u32 want, bool from_end,
			    u64 *page)
{
	u64 done, len;

	for (done = 0; done < size; done += len) {
		len = min_t(u64, size - done, MR_PROBE_CHUNK);
		if (mr_find_other(from_end ? start + size - done - len :
					     start + done,
				  len, want, from_end, page))
			return true;
	}
	return false;
}

int mr_check_memtype(const struct mr_pagemap *pm, struct memremap_status *st)
{
	u32 want = mr_memtype_wanted(pm->type);
	u64 first, last;
	u32 found;

	if (!pat_enabled() || pm->type == MEMREMAP_TYPE_PRIVATE)
		return 0;
	if (!mr_find_chunked(pm->start, pm->size, want, false, &first))
		return 0;
	/* a driver's resource in the way: the claim's reason comes first */
	if (!pm->res && mr_check_busy(pm->start, pm->size, st))
		return -EBUSY;
	found = mr_page_memtype(first, want);
	if (found == MEMREMAP_MEMTYPE_UNKNOWN) {
		/* not another type: a page could not even be mapped */
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = -ENOMEM;
		return -ENOMEM;
	}
	/* the last such page, searched from the end back to the first */
	if (!mr_find_chunked(first, pm->start + pm->size - first, want, true,
			     &last))
		last = first;
	mr_refuse(st, MEMREMAP_R_MEMTYPE, found);
	st->conflict.kind = MEMREMAP_CONFLICT_MEMTYPE;
	st->conflict.start = first;
	st->conflict.size = last + PAGE_SIZE - first;
	return -EBUSY;
}

#else /* !CONFIG_X86_PAT: no memory types to conflict, none to show */

bool mr_memtype_supported(void)
{
	return false;
}

u32 mr_memtype_of(const struct mr_pagemap *pm)
{
	return MEMREMAP_MEMTYPE_UNKNOWN;
}

int mr_check_memtype(const struct mr_pagemap *pm, struct memremap_status *st)
{
	return 0;
}

#endif /* CONFIG_X86_PAT */
