#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The man page renders without warnings, documents every command and option
# the tool knows, and `make install` puts the tool, the man page and the
# bash completion in place (TAP).
cd "$(dirname "$0")/.." || exit 1
n=0
failed=0

result()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

if command -v groff >/dev/null || command -v man >/dev/null; then
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l -E UTF-8 nfprobe.8 2>&1 >/dev/null)
	[ -z "$warnings" ]
	result $? "nfprobe.8 renders without warnings"
else
	result 0 "nfprobe.8 renders without warnings # SKIP man not installed"
fi

missing=
cmds=$(./nfprobe help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || missing+=" (no commands in 'nfprobe help')"
for cmd in $cmds; do
	grep -q "^\.B nfprobe $cmd\|^\.B $cmd$" nfprobe.8 || missing+=" $cmd"
	for opt in $(./nfprobe help "$cmd" | grep -oE -- '--[a-z]+' | sort -u); do
		grep -q -- "${opt//-/\\\\-}" nfprobe.8 || missing+=" $cmd:$opt"
	done
done
[ -z "$missing" ]
result $? "nfprobe.8 documents every command and option${missing:+ (missing:$missing)}"

dest=$(mktemp -d)
make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1 &&
	[ -x "$dest/usr/sbin/nfprobe" ] &&
	[ -f "$dest/usr/share/man/man8/nfprobe.8" ] &&
	[ -f "$dest/usr/share/bash-completion/completions/nfprobe" ]
result $? "make install installs the tool, the man page and the completion"
rm -rf "$dest"

bash -n completion/nfprobe.bash
result $? "the bash completion parses"

echo "1..$n"
[ $failed -eq 0 ]
