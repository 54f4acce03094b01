#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A pagemap's attributes are defined once, in kernel/pagemap_attrs.h (the
# module's sysfs files and libmemremap's reader both expand that list). The
# ABI document, the test trees of mktree.sh and the JSON schema each follow
# it: an attribute one of them lacks, or one it has beyond the list, fails.
. "$TOP_SRCDIR/test/unit/lib.sh"

# agree A B WHAT: the sorted name lists in files A and B are the same
agree() {
	if [ ! -s "$1" ] || [ ! -s "$2" ]; then
		fail "$3" "an empty list: $(basename "$1") $(wc -l < "$1"), $(basename "$2") $(wc -l < "$2")"
	elif comm -3 "$1" "$2" > "$tmp/comm" && [ ! -s "$tmp/comm" ]; then
		pass "$3"
	else
		fail "$3" "only in $(basename "$1") (left) or $(basename "$2") (indented):" \
			"$(cat "$tmp/comm")"
	fi
}

sed -n 's/^[[:space:]]*X(\([a-z0-9_]*\),.*/\1/p' "$TOP_SRCDIR/kernel/pagemap_attrs.h" |
	sort > "$tmp/attributes"

sed -n 's|^What:[[:space:]]*/sys/class/memremap/pagemapN/\([a-z0-9_]*\)$|\1|p' \
	"$TOP_SRCDIR/kernel/ABI/sysfs-class-memremap" | sort > "$tmp/abi-document"
agree "$tmp/attributes" "$tmp/abi-document" \
	"each attribute has its paragraph in kernel/ABI/sysfs-class-memremap, and no other"

root=$(tree 1)
ls "$root/sys/class/memremap/pagemap0/" | grep -vx uevent | sort > "$tmp/mktree"
agree "$tmp/attributes" "$tmp/mktree" "mktree.sh writes each attribute, and no other"

# The schema's keys as attribute names: "size" is size, "altmap": {"free"}
# is altmap_free; an object such as "pci" needs no attribute of its own,
# and "dev" is the directory's name, not an attribute.
"${JQ:-jq}" -r '."$defs".fields.properties | to_entries[] | .key as $k |
	[.value.oneOf[]? | .properties? // empty | keys[]] as $sub |
	if ($sub | length) > 0 then ($sub[] | "\($k)_\(.)"), "group \($k)" else $k end' \
	"$schema_dir/pagemap.schema.json" > "$tmp/schema-keys"
grep -v '^group ' "$tmp/schema-keys" | grep -vx dev | sort > "$tmp/schema"
sed -n 's/^group //p' "$tmp/schema-keys" > "$tmp/groups"
# an attribute that names a group ("altmap": null without one) is in the schema
grep -vxF -f "$tmp/groups" "$tmp/attributes" > "$tmp/attributes-not-groups"
agree "$tmp/attributes-not-groups" "$tmp/schema" \
	"schema/pagemap.schema.json has a key for each attribute, and no other"

finish
