#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/pkg/deb.sh: the Debian packages as a fleet host gets them.
# Builds them (make deb), runs lintian on them, then in a clean Debian 12
# chroot (debootstrap, minbase) with one pinned kernel's headers installs
# both with apt -- which resolves their dependencies and runs their
# maintainer scripts: DKMS registers and builds the module for that
# kernel, the timer is enabled -- runs the tool, and purges both, leaving
# nothing behind. Then, in the same chroot, the tree's own `make
# dkms-install` and `make dkms-remove`, as on a host installing from a
# checkout. TAP; exit 4 (skip) when not root.
#
# The chroot comes from the mirror apt is configured with (read from
# apt's own index targets, never written here) and is cached, with the
# packages apt fetched into it, under $NFPROBE_CACHE/chroot/.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=selftests/pkg/lib.sh
source selftests/pkg/lib.sh

[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root (debootstrap, chroot)"; exit 4; }

suite=bookworm
cache=${NFPROBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nfprobe}/chroot
base=$cache/$suite-minbase.tar
archives=$cache/$suite-archives
root=$PWD/build/deb-chroot
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
# The headers of the first pinned kernel: DKMS builds for it on install.
read -r _ abi kversion < <(awk '!/^#/ && NF == 3 { print; exit }' selftests/vm/kernels)


in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }

cleanup()
{
	mountpoint -q "$root/proc" && umount "$root/proc"
	# Keeps what apt downloaded for the next run.
	if [ -d "$root/var/cache/apt/archives" ]; then
		mkdir -p "$archives"
		cp -n "$root"/var/cache/apt/archives/*.deb "$archives/" 2>/dev/null
	fi
	rm -rf "$root"
}
trap cleanup EXIT

echo "1..16"

run "make deb builds nfprobe and nfprobe-dkms" make -s deb
debs=(build/deb/nfprobe_"$version"_*.deb build/deb/nfprobe-dkms_"$version"_all.deb)

# Lintian: errors and warnings fail; what remains is justified in
# debian/*.lintian-overrides.
out=$(lintian --fail-on error,warning --tag-display-limit 0 "${debs[@]}" 2>&1)
if [ $? -eq 0 ]; then
	ok "lintian: no error, no warning ($(grep -c '^[IPX]:' <<<"$out") info tags)"
else
	fail "lintian: no error, no warning"
	grep '^[EWIPX]:' <<<"$out" | sed 's/^/#   /'
fi

# A clean chroot, from the cached debootstrap when there is one.
rm -rf "$root" && mkdir -p "$root"
read -r url security < <(mirrors)
if [ ! -f "$base" ]; then
	mkdir -p "$cache"
	if [ -z "$url" ]; then
		fail "debootstrap $suite: no mirror for $suite in apt's configuration"
	elif out=$(debootstrap --variant=minbase "$suite" "$root" "$url" 2>&1); then
		tar -C "$root" -cf "$base.tmp" . && mv "$base.tmp" "$base"
		rm -rf "$root" && mkdir -p "$root"
	else
		fail "debootstrap $suite from $url"
		sed 's/^/#   /' <<<"$out" | tail -n 20
	fi
fi
if [ -f "$base" ] && tar -C "$root" -xf "$base"; then
	ok "a clean Debian 12 chroot"
	# apt inside uses the same mirror, under the same settings.
	sources_for "$suite" "$url" "$security" > "$root/etc/apt/sources.list"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	cp -a /etc/apt/apt.conf.d/. "$root/etc/apt/apt.conf.d/" 2>/dev/null
	# No daemons start in a chroot.
	printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	mount -t proc proc "$root/proc"
	[ -d "$archives" ] && cp "$archives"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null
	cp "${debs[@]}" "$root/tmp/"
else
	fail "a clean Debian 12 chroot"
	exit 1
fi

# As on a fleet host: systemd, and the running kernel's headers.
run "apt installs systemd and linux-headers-$abi into the chroot" in_root sh -c \
	"apt-get update -qq && apt-get install -y -qq --no-install-recommends systemd linux-headers-$abi=$kversion"
run "apt installs both packages; dkms builds the module for $abi" in_root sh -c \
	"apt-get install -y -q --no-install-recommends /tmp/${debs[0]##*/} /tmp/${debs[1]##*/}"

# dkms_installed TEST: dkms says nfprobe is installed for $abi, and the
# module is where DKMS installs modules
dkms_installed()
{
	local status ko

	status=$(in_root dkms status 2>&1)
	ko=$(find "$root/lib/modules/$abi/updates" -name 'nfprobe.ko*' 2>/dev/null | head -n 1)
	if grep -q "nfprobe/$version, $abi, .*: installed" <<<"$status" && [ -n "$ko" ]; then
		ok "$1"
	else
		fail "$1"
		echo "#   $status"
	fi
}
dkms_installed "dkms status: nfprobe/$version installed for $abi"

got=$(in_root nfprobe --version 2>&1 | head -n 1)
if [ "$got" = "nfprobe $version (netlink family version 1)" ]; then
	ok "nfprobe --version in the chroot: $got"
else
	fail "nfprobe --version in the chroot"
	echo "#   $got"
fi

files=(/usr/sbin/nfprobe /usr/share/man/man8/nfprobe.8.gz
       /usr/share/bash-completion/completions/nfprobe
       /lib/systemd/system/nfprobe-textfile.timer
       /etc/systemd/system/timers.target.wants/nfprobe-textfile.timer
       /etc/modprobe.d/nfprobe.conf /etc/modules-load.d/nfprobe.conf
       "/usr/src/nfprobe-$version/dkms.conf")
missing=()
for f in "${files[@]}"; do
	# -L too: a link's target is inside the chroot, not here
	[ -e "$root$f" ] || [ -L "$root$f" ] || missing+=("$f")
done
if [ ${#missing[@]} -eq 0 ]; then
	ok "installed: tool, man page, completion, timer (enabled), modprobe.d, modules-load.d, DKMS source"
else
	fail "installed: ${missing[*]} missing"
fi

run "systemd-analyze verify: the textfile service and timer" in_root \
	systemd-analyze verify --man=no /lib/systemd/system/nfprobe-textfile.service \
	/lib/systemd/system/nfprobe-textfile.timer

# dkms_left: what of nfprobe DKMS has in the chroot (source, tree, module)
dkms_left()
{
	local f

	for f in "/usr/src/nfprobe-$version" /var/lib/dkms/nfprobe; do
		[ -e "$root$f" ] && echo "$f"
	done
	find "$root/lib/modules/$abi" -name 'nfprobe.ko*' \
		-printf "/lib/modules/$abi/%P\n" 2>/dev/null
}

run "apt purges both packages" in_root apt-get purge -y -q nfprobe nfprobe-dkms
left=()
for f in "${files[@]}"; do
	[ -e "$root$f" ] || [ -L "$root$f" ] && left+=("$f")
done
while IFS= read -r f; do
	left+=("$f")
done < <(dkms_left)
if [ ${#left[@]} -eq 0 ]; then
	ok "purged: nothing of nfprobe left (module, DKMS tree, source, conffiles, timer link)"
else
	fail "purged, yet left behind: ${left[*]}"
fi

# The tree's own targets, from a copy of this checkout in the chroot.
tree=/tmp/nfprobe-tree
mkdir -p "$root$tree"
tar -C . --exclude=./build --exclude=./.git -cf - . | tar -C "$root$tree" -xf -
run "make dkms-install KVER=$abi from a checkout" in_root make -C "$tree" dkms-install KVER="$abi"
dkms_installed "make dkms-install: dkms status says installed for $abi, the module is in updates/"
run "make dkms-remove" in_root make -C "$tree" dkms-remove
remains=$(dkms_left)
if [ -z "$remains" ]; then
	ok "make dkms-remove: nothing of nfprobe left (source, DKMS tree, module)"
else
	fail "make dkms-remove, yet left behind: ${remains//$'\n'/ }"
fi
# A kernel whose headers are missing: said so, nothing registered.
if ! out=$(in_root make -C "$tree" -s dkms-install KVER=0.0.0-none 2>&1) && grep -q "no headers for kernel 0.0.0-none" <<<"$out" &&
   [ -z "$(dkms_left)" ]; then
	ok "make dkms-install for a kernel without headers: refused, nothing registered"
else
	fail "make dkms-install for a kernel without headers: refused, nothing registered"
	sed 's/^/#   /' <<<"$out"
fi
[ "$failed" -eq 0 ]
