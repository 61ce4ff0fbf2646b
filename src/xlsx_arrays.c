/* The row arrays of libxlsxwriter's constant-memory worksheets taken from a
 * pool of fresh pages: a trick around libxlsxwriter, kept in a file of its
 * own like the zip level (xlsx_zip_level.c).
 *
 * Why it exists: in constant-memory mode every worksheet holds an array of
 * one pointer per possible column (16,384: 128 KiB) for the row being
 * written, from its creation until the workbook is closed, and jixiao's
 * forms use the first twenty or so.  Taken from the heap (glibc serves a
 * 128 KiB block from freed memory when it has some), calloc clears all of
 * it and it stays resident: for 1,000 sheets most of 125 MiB, which is why
 * src/export_xlsx.c once had glibc hand freed memory back after every sheet
 * (a tenth of the export's CPU time in the kernel).  Taken from fresh
 * anonymous pages, only the page it uses becomes resident (4 KiB a
 * worksheet); and freeing it no longer walks all 16,384 entries, nor
 * unmaps each array on its own.
 *
 * How: this program defines libxlsxwriter's lxw_worksheet_new and
 * lxw_worksheet_free; the dynamic linker binds the library's calls to these
 * definitions, which call the library's own (dlsym(RTLD_NEXT)).  After a
 * constant-memory worksheet is made, its array (the `array` member that
 * xlsxwriter/worksheet.h declares) is replaced by one from a pool of 8 MiB
 * anonymous mappings (MAP_NORESERVE: pages exist once written); before it
 * is freed, the array is taken back (a cell still in it, left by a write
 * that failed part-way, is handed to the library in an array of its own to
 * free) and the mappings are unmapped once no worksheet uses them.  When a
 * mapping cannot be made the library's array is kept.  jixiao is one
 * thread; the pool is plain statics.  The xlsx writer calls
 * jx_xlsx_arrays_linked() so that this file's object is linked.
 *
 * Which test proves it still applies: test_export's
 * test_xlsx_lean_temporaries writes a workbook of three sheets and checks
 * that each of its five worksheets' arrays came from the pool and that the
 * pool is empty after the workbook is closed.
 */
#include "export_ops.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xlsxwriter.h>

#define ARRAY_BYTES ((size_t)LXW_COL_MAX * sizeof(struct lxw_cell *))
#define CHUNK_ARRAYS 64

typedef struct chunk {
	struct chunk *next;
	char *base;
	int used;
} chunk;

static chunk *chunks;
static long live;          /* arrays of the pool in use */
static unsigned long taken; /* arrays handed out so far (for the test) */

void jx_xlsx_arrays_linked(void)
{
}

unsigned long jx_xlsx_arrays_taken(void)
{
	return taken;
}

long jx_xlsx_arrays_live(void)
{
	return live;
}

static void *pool_get(void)
{
	if (!chunks || chunks->used == CHUNK_ARRAYS) {
		chunk *c = malloc(sizeof *c);
		void *base = c ? mmap(NULL, ARRAY_BYTES * CHUNK_ARRAYS, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
			       : MAP_FAILED;
		if (base == MAP_FAILED) {
			free(c);
			return NULL;
		}
		c->base = base;
		c->used = 0;
		c->next = chunks;
		chunks = c;
	}
	live++;
	taken++;
	return chunks->base + ARRAY_BYTES * (size_t)chunks->used++;
}

static int pool_owns(const void *p)
{
	for (const chunk *c = chunks; c; c = c->next)
		if ((const char *)p >= c->base && (const char *)p < c->base + ARRAY_BYTES * CHUNK_ARRAYS)
			return 1;
	return 0;
}

static void pool_put(void)
{
	if (--live > 0)
		return;
	while (chunks) {
		chunk *c = chunks;
		chunks = c->next;
		munmap(c->base, ARRAY_BYTES * CHUNK_ARRAYS);
		free(c);
	}
}

typedef lxw_worksheet *(*new_fn)(lxw_worksheet_init_data *);
typedef void (*free_fn)(lxw_worksheet *);

lxw_worksheet *lxw_worksheet_new(lxw_worksheet_init_data *init_data)
{
	static new_fn real;
	lxw_worksheet *ws;
	struct lxw_cell **array;
	if (!real) {
		/* POSIX leaves converting a data pointer to a function pointer to
		 * the platform; on every platform with dlsym it is the same bits */
		*(void **)&real = dlsym(RTLD_NEXT, "lxw_worksheet_new");
		if (!real)
			return NULL; /* libxlsxwriter reports the failure */
	}
	ws = real(init_data);
	if (ws && ws->array && (array = pool_get()) != NULL) {
		free(ws->array); /* nothing in it yet */
		ws->array = array;
	}
	return ws;
}

void lxw_worksheet_free(lxw_worksheet *ws)
{
	static free_fn real;
	if (!real) {
		*(void **)&real = dlsym(RTLD_NEXT, "lxw_worksheet_free");
		if (!real)
			return;
	}
	if (ws && ws->array && pool_owns(ws->array)) {
		struct lxw_cell **array = ws->array, **own = NULL;
		for (lxw_col_t c = ws->dim_colmin; c <= ws->dim_colmax && c < LXW_COL_MAX; c++)
			if (array[c]) {
				if (!own && !(own = calloc(LXW_COL_MAX, sizeof *own)))
					break; /* out of memory: the cell is lost, not freed twice */
				own[c] = array[c];
			}
		ws->array = own;
		pool_put();
	}
	real(ws);
}
