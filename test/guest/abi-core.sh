#!/bin/sh
# ABI tests of the memremap_ctl module (test/abi/abi_test.c) in the default
# guest: every ioctl, type, refusal, hold, concurrency; p2pdma on the BAR
# of an ivshmem device and migration into private pages (debug kernel).
# Prints TAP.
# vm-options: --ivshmem 256M
modprobe memremap_ctl || { echo "not ok 1 - modprobe memremap_ctl"; exit 1; }
exec ./abi/memremap-abi-test version struct create names origin uevents altmap \
	compound refusals destroy unprivileged many concurrent \
	private_type p2pdma private_migrate
