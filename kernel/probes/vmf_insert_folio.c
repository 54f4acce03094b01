// SPDX-License-Identifier: GPL-2.0
/*
 * Faults insert pages and folios, not pfn_t: 6.19 has no pfn_t and no
 * pte_devmap, and device-dax uses vmf_insert_page_mkwrite() and
 * vmf_insert_folio_pmd()/_pud(); 6.1 and 6.12 have none of the three
 */
#include <linux/mm.h>

vm_fault_t mr_probe(struct vm_fault *vmf, struct page *page, bool pud);
vm_fault_t mr_probe(struct vm_fault *vmf, struct page *page, bool pud)
{
	if (pud)
		return vmf_insert_folio_pud(vmf, page_folio(page), true);
	if (!page)
		return vmf_insert_folio_pmd(vmf, page_folio(page), true);
	return vmf_insert_page_mkwrite(vmf, page, true);
}
