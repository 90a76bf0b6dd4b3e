# SPDX-License-Identifier: GPL-2.0
# bash completion for nfprobe(8)

_nfprobe()
{
	local cur prev words cword
	_init_completion || return

	if [ "$cword" -eq 1 ]; then
		COMPREPLY=($(compgen -W 'show watch explain trace ct stats reset config info help --version --help' -- "$cur"))
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
	--netns)
		COMPREPLY=($(compgen -W "all $(ls /run/netns 2>/dev/null)" -- "$cur"))
		return
		;;
	enabled)
		COMPREPLY=($(compgen -W 'on off' -- "$cur"))
		return
		;;
	--sport|--dport|--since|--limit|--count|event-rate)
		return
		;;
	esac

	case "${words[1]}" in
	show)
		COMPREPLY=($(compgen -W '--src --dst -4 -6 --proto --sport --dport --verdict --hook --stage --since --netns --limit -n --json --help' -- "$cur"))
		;;
	watch)
		COMPREPLY=($(compgen -W '--src --dst -4 -6 --proto --sport --dport --verdict --hook --stage --netns --count -n --json --help' -- "$cur"))
		;;
	trace)
		COMPREPLY=($(compgen -W '--src --dst -4 -6 --proto --sport --dport --netns --count --timeout -n --help' -- "$cur"))
		;;
	ct)
		COMPREPLY=($(compgen -W '--src -4 -6 --netns -n --json --help' -- "$cur"))
		;;
	stats)
		COMPREPLY=($(compgen -W '--json --format -n --help' -- "$cur"))
		;;
	reset|explain)
		COMPREPLY=($(compgen -W '--src --dst -4 -6 --proto --sport --dport --verdict --hook --stage --since --netns -n --help' -- "$cur"))
		;;
	config)
		if [[ " ${words[*]} " == *" track "* ]]; then
			COMPREPLY=($(compgen -W 'all --src --dst -4 -6 --proto --sport --dport --netns' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'enabled event-rate track --json --help' -- "$cur"))
		fi
		;;
	help)
		COMPREPLY=($(compgen -W 'show watch explain trace ct stats reset config info' -- "$cur"))
		;;
	esac
}
complete -F _nfprobe nfprobe
