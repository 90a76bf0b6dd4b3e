#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/pkg/matrix.sh NAME: nfprobe built by DKMS for a kernel of
# another Debian suite (selftests/vm/matrix), the way a host of that suite
# builds it: in a chroot of that suite (debootstrap minbase, cached under
# $NFPROBE_CACHE/chroot/SUITE), with its compiler, kbuild and dkms, and
# that kernel's headers from its archive. Also fetches the kernel's image
# through that chroot's apt and unpacks it for the VM runner. Leaves the
# module at build/matrix/ABI/nfprobe.ko*. TAP; exit 4 (skip) when not root.
#
# apt inside the chroot uses the mirrors this machine's apt is configured
# with (read from apt's index targets), with the suite's own names: a
# sources list of its own, used only there.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=selftests/pkg/lib.sh
source selftests/pkg/lib.sh

name=${1:?usage: matrix.sh NAME}
read -r suite abi kversion < <(awk -v k="$name" \
	'!/^#/ && NF == 4 && $1 == k { print $2, $3, $4; exit }' selftests/vm/matrix)
[ -n "${abi:-}" ] || { echo "matrix.sh: unknown kernel '$name'" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root (debootstrap, chroot)"; exit 4; }

cache=${NFPROBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nfprobe}
root=$cache/chroot/$suite
out=$PWD/build/matrix/$abi
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)


in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 HOME=/root "$@"; }

cleanup()
{
	mountpoint -q "$root/proc" && umount "$root/proc"
	rm -rf "$root/tmp/nfprobe"
}
trap cleanup EXIT

prepare_root()
{
	local debian security

	read -r debian security < <(mirrors)
	[ -n "$debian" ] || { echo "no Debian mirror in apt's configuration" >&2; return 1; }
	if [ ! -f "$root/.nfprobe-ready" ]; then
		rm -rf "$root"
		mkdir -p "$root"
		debootstrap --variant=minbase "$suite" "$root" "$debian" || return 1
		printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
		chmod 755 "$root/usr/sbin/policy-rc.d"
		touch "$root/.nfprobe-ready"
	fi
	sources_for "$suite" "$debian" "$security" > "$root/etc/apt/sources.list"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	# The host's apt settings (proxies, validity checks) apply there too.
	cp /etc/apt/apt.conf.d/* "$root/etc/apt/apt.conf.d/" 2>/dev/null
	mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
}

echo "1..6"
run "a $suite chroot" prepare_root || exit 1

# dkms and the headers, once; apt-get update only when something is missing.
pkgs=(dkms "linux-headers-$abi=$kversion")
if ! in_root dpkg-query -W -f='${Version}\n' "linux-headers-$abi" 2>/dev/null |
     grep -qx "$kversion" || ! in_root sh -c 'command -v dkms' >/dev/null; then
	run "$suite: apt installs dkms and linux-headers-$abi $kversion" in_root sh -c \
		"apt-get update -qq && apt-get install -y -qq --no-install-recommends ${pkgs[*]}" ||
		exit 1
else
	ok "$suite: dkms and linux-headers-$abi $kversion are installed"
fi

# The image, through the chroot's apt, for the VM runner: one package up
# to Debian 13, split in three from Debian 14 on.
fetch_image()
{
	local set

	for set in "linux-image-$abi-unsigned" \
		   "linux-binary-unsigned-$abi linux-modules-$abi linux-base-$abi"; do
		rm -rf "$root/tmp/nfprobe" && mkdir -p "$root/tmp/nfprobe/image"
		in_root sh -c "cd /tmp/nfprobe/image &&
			for p in $set; do apt-get download -qq \$p=$kversion || exit 1; done" \
			2>/dev/null && break
		rm -rf "$root/tmp/nfprobe/image"
	done
	ls "$root"/tmp/nfprobe/image/*.deb >/dev/null 2>&1 || {
		echo "no linux-image-$abi $kversion in $suite (any more?): selftests/vm/matrix needs a bump" >&2
		return 1
	}
	scripts/deps unpack-kernel "$abi" "$kversion" "$root"/tmp/nfprobe/image/*.deb
}
if [ -f "$cache/kernels/$abi/.unpacked-$kversion" ]; then
	ok "linux-image-$abi $kversion is unpacked for the VM"
else
	run "linux-image-$abi $kversion fetched and unpacked for the VM" fetch_image
fi

# DKMS in the chroot, from what `make dkms-source` ships.
rm -rf "$root/tmp/nfprobe/src" "$out" && mkdir -p "$out"
in_root dkms remove "nfprobe/$version" --all >/dev/null 2>&1
rm -rf "$root/usr/src/nfprobe-$version"
make -s dkms-source DESTDIR="$root"
run "$suite: dkms add, build, install for $abi" in_root sh -c \
	"dkms add nfprobe/$version && dkms install nfprobe/$version -k $abi" ||
	{ tail -n 40 "$root/var/lib/dkms/nfprobe/$version/build/make.log" 2>/dev/null |
		sed 's/^/#   /'; }

ko=$(find "$root/lib/modules/$abi/updates" -name 'nfprobe.ko*' -print -quit 2>/dev/null)
got_version=$(modinfo -F version "$ko" 2>/dev/null)
got_vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null)
if [ -n "$ko" ] && [ "$got_version" = "$version" ] && [ "${got_vermagic%% *}" = "$abi" ]; then
	ok "the module is version $version, for $abi"
	cp "$ko" "$out/"
else
	fail "the module is version $version, for $abi"
	echo "#   module '${ko:-none}', version '$got_version', vermagic '$got_vermagic'"
fi

run "$suite: dkms remove" in_root dkms remove "nfprobe/$version" --all
rm -rf "$root/usr/src/nfprobe-$version"
[ "$failed" -eq 0 ]
