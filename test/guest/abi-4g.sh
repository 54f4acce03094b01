#!/bin/sh
# vm-options: --mem 10G --memmap 512M!2G --memmap 1G!4G --memmap 4G!6G
# A 4 GiB pagemap with altmap, with 2 MiB compound pages, and with its
# memmap in RAM.
modprobe memremap_ctl || { echo "not ok 1 - modprobe memremap_ctl"; exit 1; }
exec ./abi/memremap-abi-test large_4g_range
