#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/pkg/dkms.sh NAME: builds and installs nfprobe with Debian's
# dkms, for the pinned kernel NAME (selftests/vm/kernels), exactly as a
# fleet host does (dkms add, build, install, remove), but in a scratch
# tree, build/dkms/ABI/, so the machine's own DKMS state is left alone.
# Needs only that kernel's headers. Leaves the installed module at
# build/dkms/ABI/nfprobe.ko* for the VM scenarios (selftests/check boots
# it). TAP; exit 4 (skip) without dkms.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=selftests/pkg/lib.sh
source selftests/pkg/lib.sh

name=${1:?usage: dkms.sh KERNEL_NAME}
abi=$(awk -v k="$name" '!/^#/ && NF == 3 && $1 == k { print $2; exit }' \
	selftests/vm/kernels)
[ -n "$abi" ] || { echo "dkms.sh: unknown kernel '$name'" >&2; exit 1; }
command -v dkms >/dev/null || { echo "1..0 # SKIP dkms is not installed"; exit 4; }
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)

tree=$PWD/build/dkms/$abi
src=$tree/root/usr/src
opts=(-m nfprobe -v "$version" --sourcetree "$src" --dkmstree "$tree/dkms")

echo "1..8"
rm -rf "$tree"
mkdir -p "$tree/dkms" "$tree/modules/$abi"
run "the module's sources install for DKMS (make dkms-source)" \
	make -s dkms-source DESTDIR="$tree/root"
if [ -e "$src/nfprobe-$version/kmod/tests" ] || [ -e "$src/nfprobe-$version/kmod/bench" ]; then
	fail "DKMS gets the module alone, not its tests or the bench's floor"
else
	ok "DKMS gets the module alone, not its tests or the bench's floor"
fi
run "dkms add nfprobe/$version" dkms add "${opts[@]}"
run "dkms build -k $abi" dkms build "${opts[@]}" -k "$abi"
run "dkms install -k $abi" dkms install "${opts[@]}" -k "$abi" \
	--installtree "$tree/modules"

ko=$(find "$tree/modules/$abi" -name 'nfprobe.ko*' -print -quit)
status=$(dkms status "${opts[@]}" -k "$abi" 2>&1)
if [ -n "$ko" ] && grep -q "nfprobe/$version, $abi, .*: installed" <<<"$status"; then
	ok "dkms status: installed for $abi, at ${ko#"$PWD"/}"
else
	fail "dkms status: installed for $abi"
	echo "#   status: $status; module: ${ko:-none}"
fi

got_version=$(modinfo -F version "$ko" 2>/dev/null)
got_vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null)
if [ "$got_version" = "$version" ] && [ "${got_vermagic%% *}" = "$abi" ]; then
	ok "the module is version $version, for $abi"
else
	fail "the module is version $version, for $abi"
	echo "#   version '$got_version', vermagic '$got_vermagic'"
fi
[ -n "$ko" ] && cp "$ko" "$tree/"

# The module stays where the scenarios find it, removed from the tree.
if out=$(dkms remove "${opts[@]}" --all --installtree "$tree/modules" 2>&1) &&
   [ -z "$(find "$tree/modules" -name 'nfprobe.ko*')" ]; then
	ok "dkms remove --all uninstalls it"
else
	fail "dkms remove --all uninstalls it"
	sed 's/^/#   /' <<<"$out" | tail -n 30
fi
[ "$failed" -eq 0 ]
