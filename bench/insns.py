#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The instruction counts of bench/guest.sh's insns mode, as a table.

Usage: insns.py < LIST, where each line of LIST is
"CONFIG TRAFFIC PACKETS DUMP KALLSYMS": PACKETS reached their end during
the run whose counts bench/insncount.c wrote to DUMP, and KALLSYMS is a
copy of /proc/kallsyms taken meanwhile (a module's functions are where
it was loaded then). Prints, per traffic, the
kernel's instructions per packet under each configuration and their ratio
to the baseline's; then, for each configuration other than the baseline,
the functions whose count per packet grew the most over the baseline's.
"""
import bisect
import collections
import sys

KERNEL_START = 0xffff800000000000
TOP = 20


def load_symbols(path):
    syms = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or parts[1] not in "tTwW":
                continue
            addr = int(parts[0], 16)
            if addr == 0:
                sys.exit("insns.py: kallsyms shows no addresses (run as root)")
            name = parts[2]
            if len(parts) > 3:
                name += " " + parts[3]
            syms.append((addr, name))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def per_symbol(dump, addrs, names):
    counts = collections.Counter()
    with open(dump) as f:
        for line in f:
            vaddr, insns, runs = line.split()
            vaddr = int(vaddr, 16)
            n = int(insns, 16) * int(runs)
            if vaddr < KERNEL_START:
                counts["[user]"] += n
                continue
            i = bisect.bisect_right(addrs, vaddr) - 1
            counts[names[i] if i >= 0 else "[unknown]"] += n
    return counts


def main():
    if len(sys.argv) != 1:
        sys.exit(__doc__)
    symbols = {}
    runs = collections.OrderedDict()
    for line in sys.stdin:
        config, traffic, packets, dump, kallsyms = line.split()
        if kallsyms not in symbols:
            symbols[kallsyms] = load_symbols(kallsyms)
        addrs, names = symbols[kallsyms]
        packets = int(packets)
        if packets <= 0:
            sys.exit(f"insns.py: {config}/{traffic}: no packet arrived")
        counts = per_symbol(dump, addrs, names)
        per_pkt = {s: n / packets for s, n in counts.items()}
        runs[(traffic, config)] = (packets, per_pkt)

    traffics = list(dict.fromkeys(t for t, _ in runs))
    configs = list(dict.fromkeys(c for _, c in runs))
    print("| traffic | configuration | packets | kernel instructions per packet"
          " | ratio to base | extra per packet |")
    print("|---|---|---:|---:|---:|---:|")
    for t in traffics:
        base = runs.get((t, "base"))
        base_k = sum(v for s, v in base[1].items() if s != "[user]") if base else None
        for c in configs:
            if (t, c) not in runs:
                continue
            packets, per_pkt = runs[(t, c)]
            k = sum(v for s, v in per_pkt.items() if s != "[user]")
            if base_k:
                ratio = f"{k / base_k:.3f}"
                extra = f"{k - base_k:+,.0f} ({(k / base_k - 1) * 100:+.1f}%)"
            else:
                ratio = extra = "-"
            print(f"| {t} | {c} | {packets:,} | {k:,.0f} | {ratio} | {extra} |")

    for t in traffics:
        base = runs.get((t, "base"))
        if not base:
            continue
        for c in configs:
            if c == "base" or (t, c) not in runs:
                continue
            per_pkt = runs[(t, c)][1]
            diff = {s: per_pkt.get(s, 0) - base[1].get(s, 0)
                    for s in set(per_pkt) | set(base[1])}
            module = sum(v for s, v in per_pkt.items()
                         if s.endswith("[nfprobe]") or s.endswith("[nfprobe_floor]"))
            print(f"\n{t}, {c}: the functions that grew most per packet over the"
                  f" baseline (the module's own: {module:,.0f} per packet)")
            print("| function | base | " + c + " | difference |")
            print("|---|---:|---:|---:|")
            for s, d in sorted(diff.items(), key=lambda kv: -kv[1])[:TOP]:
                print(f"| {s} | {base[1].get(s, 0):,.0f} | {per_pkt.get(s, 0):,.0f}"
                      f" | {d:+,.0f} |")


if __name__ == "__main__":
    main()
