// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremapctl version: versions of the CLI, the library and the module's
 * ABI, and with -v what the kernel supports.  The module is not loaded
 * just to answer this: without /dev/memremap it says "not loaded".
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <json-c/json.h>

#include "memremapctl.h"

static const struct option options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static const struct {
	unsigned int bit;
	const char *name;
} features[] = {
	{ MEMREMAP_FEAT_ALTMAP, "altmap" },
	{ MEMREMAP_FEAT_COMPOUND_2M, "compound-2M" },
	{ MEMREMAP_FEAT_COMPOUND_1G, "compound-1G" },
	{ MEMREMAP_FEAT_NUMA, "numa" },
	{ MEMREMAP_FEAT_HOLD, "hold" },
	{ MEMREMAP_FEAT_SECTION_SHARING, "section-sharing" },
	{ MEMREMAP_FEAT_MIGRATE, "migrate" },
	{ MEMREMAP_FEAT_PCI, "pci" },
	{ MEMREMAP_FEAT_CHARDEV, "chardev" },
	{ MEMREMAP_FEAT_MEMTYPE, "memtype" },
	{ MEMREMAP_FEAT_MIGRATE_PID, "pid-migration" },
};

static struct json_object *kernel_json(struct memremap_ctx *ctx)
{
	struct json_object *k = json_object_new_object();
	struct json_object *types = json_object_new_array();
	struct json_object *feats = json_object_new_array();
	unsigned int f = memremap_kernel_get_features(ctx);
	int t;
	size_t i;

	for (t = 1; memremap_type_to_str(t); t++)	/* the types it can name */
		if (memremap_kernel_supports_type(ctx, t))
			json_object_array_add(types, json_object_new_string(memremap_type_to_str(t)));
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (f & features[i].bit)
			json_object_array_add(feats, json_object_new_string(features[i].name));
	json_add_u64(k, "abi_version", memremap_kernel_get_abi_version(ctx));
	json_object_object_add(k, "types", types);
	json_object_object_add(k, "features", feats);
	json_add_u64(k, "compat_align", memremap_kernel_get_compat_align(ctx));
	json_add_u64(k, "section_size", memremap_kernel_get_section_size(ctx));
	json_add_u64(k, "max_phys", memremap_kernel_get_max_phys(ctx));
	json_add_u64(k, "page_size", memremap_kernel_get_page_size(ctx));
	json_add_u64(k, "struct_page_size", memremap_kernel_get_struct_page_size(ctx));
	json_add_u64(k, "max_pagemaps", memremap_kernel_get_max_count(ctx));
	return k;
}

static void print_list(const char *label, struct json_object *arr)
{
	size_t i, n = json_object_array_length(arr);

	printf("%s:", label);
	for (i = 0; i < n; i++)
		printf(" %s", json_object_get_string(json_object_array_get_idx(arr, i)));
	printf("%s\n", n ? "" : " none");
}

static void print_text(struct json_object *v, bool verbose)
{
	struct json_object *k = json_object_object_get(v, "module");
	char size[32];

	printf("memremapctl: %s\n", json_object_get_string(json_object_object_get(v, "memremapctl")));
	printf("libmemremap: %s\n", json_object_get_string(json_object_object_get(v, "libmemremap")));
	if (!k) {
		printf("module ABI: not loaded\n");
		return;
	}
	printf("module ABI: %d\n", json_object_get_int(json_object_object_get(k, "abi_version")));
	if (!verbose)
		return;
	print_list("types", json_object_object_get(k, "types"));
	print_list("features", json_object_object_get(k, "features"));
	format_human(size, sizeof(size),
		     json_object_get_uint64(json_object_object_get(k, "compat_align")));
	printf("alignment: %s\n", size);
	format_human(size, sizeof(size),
		     json_object_get_uint64(json_object_object_get(k, "section_size")));
	printf("memory section: %s\n", size);
	printf("max physical address: 0x%" PRIx64 "\n",
	       json_object_get_uint64(json_object_object_get(k, "max_phys")) - 1);
	printf("max pagemaps: %d\n", json_object_get_int(json_object_object_get(k, "max_pagemaps")));
}

static int run(const struct cmd *cmd, int argc, char **argv)
{
	struct memremap_ctx *ctx;
	struct json_object *v;
	bool json = false, verbose = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, COMMON_SHORT "jv", options, NULL)) != -1) {
		if (c == 'j' || c == 'v') {
			*(c == 'j' ? &json : &verbose) = true;
			continue;
		}
		rc = common_option(cmd, c, argv);
		if (rc >= 0)
			return rc;
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	rc = open_context(cmd, &ctx);
	if (rc != EXIT_OK)
		return rc;
	memremap_set_autoload(ctx, false);

	v = json_object_new_object();
	json_object_object_add(v, "memremapctl", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(v, "libmemremap",
			       json_object_new_string(memremap_get_library_version()));
	if (memremap_kernel_query(ctx) == 0) {
		json_object_object_add(v, "module", kernel_json(ctx));
	} else if (memremap_get_last_errno(ctx) == -ENOENT) {
		json_object_object_add(v, "module", NULL);	/* not loaded */
	} else {
		rc = library_error(cmd, ctx, "cannot ask the module for its version");
		json_object_object_add(v, "module", NULL);
	}
	if (json)
		print_json(v);
	else
		print_text(v, verbose);
	json_object_put(v);
	memremap_unref(ctx);
	return rc;
}

const struct cmd cmd_version = {
	.name = "version",
	.run = run,
	.summary = "show versions of memremapctl, libmemremap and the module ABI",
	.usage = " [-v] [-j]\n\n"
		 "Options:\n"
		 "  -v, --verbose         also what the kernel supports\n"
		 "  -j, --json            as a JSON object (\"module\" is null when not loaded)\n",
};
