# SPDX-License-Identifier: GPL-2.0
# Included by the hand-written C test Makefiles (test/abi, test/pinio): the
# project's warning flags, the very set configure.ac gives the library and
# the CLI, read from there so that they cannot drift apart.
WARN_CFLAGS := $(shell sed -n '/^WARN_CFLAGS="/,/"$$/p' $(dir $(lastword $(MAKEFILE_LIST)))../configure.ac | \
		 sed 's/^WARN_CFLAGS="//; s/["\\]//g')
ifeq ($(strip $(WARN_CFLAGS)),)
$(error no WARN_CFLAGS="..." in configure.ac)
endif
