#!/bin/sh
# vm-options: --mem 8G --memmap 4G!4G
# `list -j` against a raw read of the same sysfs files with real pagemaps
# (2 MiB each, in the 4 GiB reserved range). Run with:
#   test/vm/run bench/guest-list.sh
modprobe memremap_ctl
echo "# guest, real pagemaps; mean of 10 runs"
printf '%9s  %12s  %12s  %6s\n' pagemaps "list -j ms" "cat ms" ratio
made=0
for n in 10 100 1000 2000; do
	while [ "$made" -lt "$n" ]; do
		memremapctl create --start $((0x100000000 + made * 0x200000)) \
			--size 2M >/dev/null || exit 1
		made=$((made + 1))
	done
	sh /src/bench/list-sysfs.sh
done
