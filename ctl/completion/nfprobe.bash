# SPDX-License-Identifier: GPL-2.0
# bash completion for nfprobe(8)

_nfprobe()
{
	local cur prev words cword
	_init_completion || return

	if [ "$cword" -eq 1 ]; then
		COMPREPLY=($(compgen -W 'show explain ct stats reset info help --version --help' -- "$cur"))
		return
	fi

	case "$prev" in
	--src|--dst)
		return
		;;
	--proto)
		COMPREPLY=($(compgen -W 'tcp udp icmp icmpv6 sctp udplite dccp gre esp ah' -- "$cur"))
		return
		;;
	--verdict)
		COMPREPLY=($(compgen -W 'accept drop reject stolen' -- "$cur"))
		return
		;;
	--hook)
		COMPREPLY=($(compgen -W 'prerouting input forward output postrouting' -- "$cur"))
		return
		;;
	--stage)
		COMPREPLY=($(compgen -W 'defrag raw conntrack mangle nat-dst filter security nat-src helper confirm' -- "$cur"))
		return
		;;
	--format)
		COMPREPLY=($(compgen -W 'text json prometheus' -- "$cur"))
		return
		;;
	--sport|--dport|--since|--limit)
		return
		;;
	esac

	case "${words[1]}" in
	show)
		COMPREPLY=($(compgen -W '--src --dst -4 -6 --proto --sport --dport --verdict --hook --stage --since --limit -n --json --help' -- "$cur"))
		;;
	ct)
		COMPREPLY=($(compgen -W '--src -4 -6 --json --help' -- "$cur"))
		;;
	stats)
		COMPREPLY=($(compgen -W '--json --format --help' -- "$cur"))
		;;
	reset|explain)
		COMPREPLY=($(compgen -W '--src --dst -4 -6 --proto --sport --dport --verdict --hook --stage --since --help' -- "$cur"))
		;;
	help)
		COMPREPLY=($(compgen -W 'show ct info' -- "$cur"))
		;;
	esac
}
complete -F _nfprobe nfprobe
