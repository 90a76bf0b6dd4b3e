// SPDX-License-Identifier: GPL-2.0
/*
 * The code under test, compiled once more into the KUnit test module: the
 * test module stands alone (nfprobe.ko need not be loaded, and exports
 * nothing for it), and the shipped module carries no test code.
 */
#include "../packet.c"
#include "../flowtable.c"

/* Module parameters of nfprobe.ko; the tests set their own values. */
unsigned int nfp_flows_per_cpu = 64;
unsigned int nfp_events_per_flow = 4;
