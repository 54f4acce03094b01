#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What a caller must not get from the module (issue 14): a change of state
# behind an EFAULT (test/abi readonly_*), and, for a user without
# CAP_SYS_ADMIN, physical addresses. Prints TAP.
. "$(dirname "$0")/cli-common.subr"

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }
ABI_LABEL="abi: " abi_tests readonly
finish
