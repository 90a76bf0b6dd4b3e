// SPDX-License-Identifier: GPL-2.0
/*
 * insncount.so: a QEMU TCG plugin counting the instructions a guest
 * executes, by translation block, between two marks the guest makes
 * (bench/insnmark.c). perf in a TCG guest gets no samples from a vCPU busy
 * in pktgen; counting every instruction needs no interrupt, is exact, and
 * is the same from one run to the next, which timing under TCG is not.
 *
 *   qemu-system-x86_64 -plugin build/bench/insncount.so,out=DIR[,vcpu=N] ...
 *
 * With vcpu=N only what vCPU N executes is counted (a call per block run
 * instead of an inline add, slower): the CPU a benchmark's traffic runs
 * on, without the other CPU's background work, which otherwise moves the
 * count per packet by a few hundred instructions from run to run.
 * The guest marks with a 9-byte NOP no compiler emits,
 * `nopw 0x4e4650XX(%rax,%rax,1)`: XX 01 zeroes the counts, XX 02 writes
 * them to DIR/insns.N (N = 0, 1, ... in the order of the dumps; written
 * under another name and renamed, so that a file there is complete) and
 * zeroes them. Each line: a block's start address, its instruction count
 * and how many times it ran, in hex, hex and decimal.
 *
 * The plugin API is QEMU's (include/qemu/qemu-plugin.h, version 1, as
 * Debian 12's QEMU 7.2 has it); only the calls used here are declared.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plugin API, version 1: the declarations this plugin needs. */
#define NFP_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;

typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

enum { QEMU_PLUGIN_CB_NO_REGS };
enum { QEMU_PLUGIN_INLINE_ADD_U64 };

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
					    void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  int flags, void *userdata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      int op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    int flags, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);

NFP_EXPORT int qemu_plugin_version = 1;

/* The mark: nopw 0x4e4650XX(%rax,%rax,1), XX the operation. */
static const unsigned char mark[] = { 0x66, 0x0f, 0x1f, 0x84, 0x00,
				      0x00, 0x50, 0x46, 0x4e };
#define MARK_OP_AT	5
#define MARK_RESET	1
#define MARK_DUMP	2

/*
 * One per translation of a block: a block translated again (the TB cache
 * was flushed, or it ran at another address space) gets another, and the
 * dump adds them up by address. Chunks never move: the translated code
 * increments @runs through a pointer.
 */
struct block {
	uint64_t vaddr;
	uint64_t runs;
	uint32_t insns;
};

#define CHUNK_BLOCKS	65536

struct chunk {
	struct chunk *next;
	size_t used;
	struct block block[CHUNK_BLOCKS];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *chunks;	/* newest first; under lock */
static unsigned int dumps;	/* under lock */
static const char *outdir;
static long only_vcpu = -1;	/* vcpu=N; -1: all */

static struct block *block_new(uint64_t vaddr, uint32_t insns)
{
	struct block *b = NULL;

	pthread_mutex_lock(&lock);
	if (!chunks || chunks->used == CHUNK_BLOCKS) {
		struct chunk *c = calloc(1, sizeof(*c));

		if (!c)
			goto out;
		c->next = chunks;
		chunks = c;
	}
	b = &chunks->block[chunks->used++];
	b->vaddr = vaddr;
	b->insns = insns;
out:
	pthread_mutex_unlock(&lock);
	return b;
}

/* Under lock. Another vCPU may be counting meanwhile: a few runs more or less. */
static void counts_zero(void)
{
	struct chunk *c;
	size_t i;

	for (c = chunks; c; c = c->next)
		for (i = 0; i < c->used; i++)
			__atomic_store_n(&c->block[i].runs, 0, __ATOMIC_RELAXED);
}

/* Under lock. */
static void counts_dump(void)
{
	char tmp[4096], path[4096];
	struct chunk *c;
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/insns.%u", outdir, dumps);
	snprintf(tmp, sizeof(tmp), "%s/.insns.%u", outdir, dumps);
	dumps++;
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "insncount: %s: %s\n", tmp, strerror(errno));
		return;
	}
	for (c = chunks; c; c = c->next)
		for (i = 0; i < c->used; i++) {
			const struct block *b = &c->block[i];
			uint64_t runs = __atomic_load_n(&b->runs, __ATOMIC_RELAXED);

			if (runs)
				fprintf(f, "%" PRIx64 " %" PRIx32 " %" PRIu64 "\n",
					b->vaddr, b->insns, runs);
		}
	if (fclose(f) || rename(tmp, path))
		fprintf(stderr, "insncount: %s: %s\n", path, strerror(errno));
}

static void mark_exec(unsigned int vcpu_index, void *userdata)
{
	(void)vcpu_index;
	pthread_mutex_lock(&lock);
	if ((uintptr_t)userdata == MARK_DUMP)
		counts_dump();
	counts_zero();
	pthread_mutex_unlock(&lock);
}

static bool is_mark(struct qemu_plugin_insn *insn, unsigned char *op)
{
	const unsigned char *data = qemu_plugin_insn_data(insn);

	if (qemu_plugin_insn_size(insn) != sizeof(mark) ||
	    memcmp(data, mark, MARK_OP_AT) ||
	    memcmp(data + MARK_OP_AT + 1, mark + MARK_OP_AT + 1,
		   sizeof(mark) - MARK_OP_AT - 1))
		return false;
	*op = data[MARK_OP_AT];
	return *op == MARK_RESET || *op == MARK_DUMP;
}

/* Another vCPU may count the same block meanwhile: a relaxed atomic add. */
static void block_exec(unsigned int vcpu_index, void *userdata)
{
	struct block *b = userdata;

	if ((long)vcpu_index == only_vcpu)
		__atomic_fetch_add(&b->runs, 1, __ATOMIC_RELAXED);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	struct block *b;
	unsigned char op;

	(void)id;
	b = block_new(qemu_plugin_tb_vaddr(tb), n);
	if (b && only_vcpu >= 0)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, block_exec,
						     QEMU_PLUGIN_CB_NO_REGS, b);
	else if (b)
		qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
							 &b->runs, 1);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (is_mark(insn, &op))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, mark_exec,
							       QEMU_PLUGIN_CB_NO_REGS,
							       (void *)(uintptr_t)op);
	}
}

NFP_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
				   int argc, char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++) {
		char *end;

		if (!strncmp(argv[i], "out=", 4)) {
			outdir = argv[i] + 4;
		} else if (!strncmp(argv[i], "vcpu=", 5)) {
			only_vcpu = strtol(argv[i] + 5, &end, 10);
			if (end == argv[i] + 5 || *end || only_vcpu < 0) {
				fprintf(stderr, "insncount: bad %s\n", argv[i]);
				return -1;
			}
		} else {
			fprintf(stderr, "insncount: unknown argument %s\n", argv[i]);
			return -1;
		}
	}
	if (!outdir) {
		fprintf(stderr, "insncount: out=DIR is required\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	return 0;
}
