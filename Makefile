# SPDX-License-Identifier: GPL-2.0
#
#   make              build kmod/nfprobe.ko (against KDIR) and ctl/nfprobe
#   make deps         install everything the build and the tests need
#   make check        install, build, run the tests on every pinned kernel, KUnit
#   make check-debug  the scenarios again under KASAN, lockdep, kmemleak
#   make demo         reproduce "connection refused" in a VM, show nfprobe
#   make module-6.1   build build/<abi>/nfprobe.ko for a pinned kernel
#   make bench        overhead benchmark in a VM (BENCH_KERNEL=6.12)
#   make dkms-install  build and install the module with DKMS (KVER=uname -r)
#   make dkms-remove   remove it from DKMS and every kernel
#   make deb          Debian packages nfprobe and nfprobe-dkms, in build/deb/
#   make matrix       DKMS build and scenarios on Debian 11, 13 and sid kernels
#
# KDIR defaults to the running kernel's build tree, else the newest
# installed Debian headers.

KERNELS_FILE := selftests/vm/kernels
KERNELS := $(shell awk '!/^\#/ && NF == 3 { print $$1 }' $(KERNELS_FILE))
kabi = $(shell awk '!/^\#/ && $$1 == "$(1)" { print $$2 }' $(KERNELS_FILE))

KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V)))

# Warnings are errors for everything the project builds: W=1 for the module.
KBUILD_FLAGS := W=1 KCFLAGS=-Werror

MODULE_SOURCES := Kbuild $(wildcard kmod/*.[ch] kmod/Kbuild) include/uapi/linux/nfprobe.h

# The release, as DKMS, the module, the tool and the packages call it.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
# What DKMS builds: the module alone, never its tests or the bench's floor.
DKMS_SOURCES := dkms.conf $(MODULE_SOURCES)
DKMS_SRCDIR := /usr/src/nfprobe-$(VERSION)
KVER ?= $(shell uname -r)
UNITDIR ?= /lib/systemd/system

.PHONY: all module ctl deps check check-debug demo clean install kunit-kernel module-kunit \
	checkpatch sparse $(addprefix sparse-,$(KERNELS)) \
	dkms-source dkms-install dkms-remove deb matrix bench-check \
	$(addprefix module-,$(KERNELS)) bench $(addprefix floor-,$(KERNELS))

all: module ctl

module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || \
		{ echo "nfprobe: no kernel headers found; run 'make deps' or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_FLAGS) modules

ctl:
	$(MAKE) -C ctl

deps:
	@scripts/deps

# The tool, its man page, bash completion and the node_exporter textfile
# timer (DESTDIR, PREFIX, UNITDIR honoured). The module is installed per
# kernel by DKMS: make dkms-install, or the nfprobe-dkms package.
install:
	$(MAKE) -C ctl install NFPROBE_VERSION=$(VERSION)
	install -D -m 0644 dist/systemd/nfprobe-textfile.service \
		$(DESTDIR)$(UNITDIR)/nfprobe-textfile.service
	install -D -m 0644 dist/systemd/nfprobe-textfile.timer \
		$(DESTDIR)$(UNITDIR)/nfprobe-textfile.timer

# The module's source where DKMS looks for it, $(DESTDIR)/usr/src/nfprobe-V.
dkms-source:
	@set -e; for f in $(DKMS_SOURCES); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMS_SRCDIR)/$$f; done

# Registers this tree's module with DKMS (replacing an earlier registration
# of the same version), builds and installs it for KVER. DKMS rebuilds it
# for every kernel installed later (AUTOINSTALL).
dkms-install:
	@command -v dkms >/dev/null || { echo "nfprobe: dkms is not installed (apt install dkms)" >&2; exit 1; }
	@test -d /lib/modules/$(KVER)/build || \
		{ echo "nfprobe: no headers for kernel $(KVER) (apt install linux-headers-$(KVER))" >&2; exit 1; }
	-@dkms status -m nfprobe -v $(VERSION) | grep -q . && dkms remove nfprobe/$(VERSION) --all
	rm -rf $(DKMS_SRCDIR)
	$(MAKE) -s dkms-source DESTDIR=
	dkms add nfprobe/$(VERSION)
	dkms install nfprobe/$(VERSION) -k $(KVER)

dkms-remove:
	@command -v dkms >/dev/null || { echo "nfprobe: dkms is not installed" >&2; exit 1; }
	-@dkms status -m nfprobe -v $(VERSION) | grep -q . && dkms remove nfprobe/$(VERSION) --all
	rm -rf $(DKMS_SRCDIR)

# Debian packages from a copy of this tree (dpkg-buildpackage writes its
# results next to the source): build/deb/nfprobe{,-dkms}_V_*.deb.
deb:
	@scripts/deps
	@rm -rf build/deb && mkdir -p build/deb/nfprobe-$(VERSION)
	@tar --exclude=./build --exclude=./.git -cf - . | \
		tar -C build/deb/nfprobe-$(VERSION) -xf -
	cd build/deb/nfprobe-$(VERSION) && dpkg-buildpackage -us -uc -b

# One build tree per pinned kernel, so modules for several kernels coexist
# (the VM runner loads build/<abi>/nfprobe.ko).
define module_rule
module-$(1): build/$(call kabi,$(1))/nfprobe.ko
build/$(call kabi,$(1))/nfprobe.ko: $(MODULE_SOURCES)
	@mkdir -p build/$(call kabi,$(1))/src
	@cp -a --parents $(MODULE_SOURCES) build/$(call kabi,$(1))/src/
	$(MAKE) -C /usr/src/linux-headers-$(call kabi,$(1)) \
		M=$(CURDIR)/build/$(call kabi,$(1))/src $(KBUILD_FLAGS) modules
	@cp build/$(call kabi,$(1))/src/kmod/nfprobe.ko $$@
endef
$(foreach k,$(KERNELS),$(eval $(call module_rule,$(k))))

# The benchmark's floor module (kmod/bench/floor.c) for a pinned kernel,
# in a build tree of its own: never part of what DKMS builds.
BENCH_SOURCES := $(MODULE_SOURCES) $(wildcard kmod/bench/*.c)
define floor_rule
floor-$(1): build/$(call kabi,$(1))/nfprobe_floor.ko
build/$(call kabi,$(1))/nfprobe_floor.ko: $(BENCH_SOURCES)
	@mkdir -p build/$(call kabi,$(1))/floor
	@cp -a --parents $(BENCH_SOURCES) build/$(call kabi,$(1))/floor/
	$(MAKE) -C /usr/src/linux-headers-$(call kabi,$(1)) \
		M=$(CURDIR)/build/$(call kabi,$(1))/floor NFPROBE_FLOOR=y \
		$(KBUILD_FLAGS) modules
	@cp build/$(call kabi,$(1))/floor/kmod/nfprobe_floor.ko $$@
endef
$(foreach k,$(KERNELS),$(eval $(call floor_rule,$(k))))

build/bench/connrate: bench/connrate.c
	@mkdir -p build/bench
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

# bench/run --insns: the QEMU plugin counting instructions, and the marks
build/bench/insncount.so: bench/insncount.c
	@mkdir -p build/bench
	$(CC) -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden -o $@ $< -lpthread

build/bench/insnmark: bench/insnmark.c
	@mkdir -p build/bench
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

# The overhead benchmark (bench/run), one pinned kernel per run; bpftrace,
# which only it uses, is installed here.
BENCH_KERNEL ?= 6.12
bench:
	@scripts/deps bench
	@bench/run --kernel $(BENCH_KERNEL)

# The KUnit/debug kernel (selftests/kunit/config), built once and cached.
kunit-kernel:
	@selftests/kunit/build-kernel

KUNIT_CACHE = $(or $(NFPROBE_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/nfprobe)/kunit

# nfprobe.ko and nfprobe_test.ko for the KUnit/debug kernel.
module-kunit: kunit-kernel
	@rel=$$(cat $(KUNIT_CACHE)/release) && \
	mkdir -p build/$$rel/src && \
	cp -a --parents $(MODULE_SOURCES) $(wildcard kmod/tests/*.[ch]) build/$$rel/src/ && \
	$(MAKE) -C $$(cat $(KUNIT_CACHE)/objdir) M=$(CURDIR)/build/$$rel/src \
		$(KBUILD_FLAGS) modules && \
	cp build/$$rel/src/kmod/nfprobe.ko build/$$rel/src/kmod/nfprobe_test.ko build/$$rel/

# checkpatch.pl --strict from the test kernel's source, on the module and
# the UAPI header. Ignored, here and only here: LINE_SPACING, which asks for
# a blank line between each UAPI enum and its "#define X_MAX (__X_MAX - 1)",
# the idiom the kernel's own UAPI headers (genetlink families) use.
CHECKPATCH_IGNORE := LINE_SPACING
CHECKPATCH_FILES = $(wildcard kmod/*.[ch] kmod/tests/*.[ch] kmod/bench/*.[ch]) include/uapi/linux/nfprobe.h

checkpatch: kunit-kernel
	@out=$$($$(cat $(KUNIT_CACHE)/srcdir)/scripts/checkpatch.pl --no-tree \
		--strict --terse --ignore $(CHECKPATCH_IGNORE) -f $(CHECKPATCH_FILES) \
		| grep -v '^total:'); \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi

# sparse (make C=2) against each pinned kernel's headers; any report fails.
sparse: $(addprefix sparse-,$(KERNELS))
define sparse_rule
sparse-$(1):
	@rm -rf build/sparse-$(1) && mkdir -p build/sparse-$(1)
	@cp -a --parents $(MODULE_SOURCES) build/sparse-$(1)/
	@out=$$$$($(MAKE) -s -C /usr/src/linux-headers-$(call kabi,$(1)) \
		M=$(CURDIR)/build/sparse-$(1) C=2 modules 2>&1 | \
		grep -E 'warning:|error:'); \
	if [ -n "$$$$out" ]; then echo "$$$$out"; exit 1; fi
endef
$(foreach k,$(KERNELS),$(eval $(call sparse_rule,$(k))))

check: deps
	@selftests/check

# The scenarios on the KUnit/debug kernel: the slow stage, apart from make
# check (16 to 18 minutes, the kernel's build on top the first time).
check-debug: deps
	@selftests/check-debug

# Kernels of other Debian suites (selftests/vm/matrix), each built by its
# own suite's dkms in a chroot: slow the first time (a chroot per suite).
matrix: deps
	@selftests/matrix

# The benchmark's harness, one short round (its figures: make bench): three
# guest boots, apart from make check.
bench-check: deps
	@scripts/deps bench
	@selftests/bench-check

demo: deps
	@selftests/demo

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	$(MAKE) -C ctl clean
	rm -rf build
