/* The store's calls the tests make again and again, failing the test
 * with the store's own message: open, insert a whole sheet, set a field. */
#ifndef JX_TEST_STORE_CALLS_H
#define JX_TEST_STORE_CALLS_H

#include "testutil.h"

#include "err.h"
#include "model.h"
#include "store.h"

static inline jx_store *open_ok(const char *path, int flags)
{
	jx_store *st = NULL;
	jx_err err = {{0}};
	if (jx_store_open(&st, path, flags, &err) != 0) {
		print_error("open %s: %s\n", path, err.msg);
		fail();
	}
	return st;
}

static inline void insert_ok(jx_store *st, jx_sheet *s)
{
	jx_err err = {{0}};
	if (jx_store_insert(st, s, "tester", &err) != 0) {
		print_error("insert: %s\n", err.msg);
		fail();
	}
}

static inline void set_ok(jx_store *st, jx_sheet *s, const char *path, const char *text)
{
	jx_err err = {{0}};
	if (jx_store_set_field(st, s, NULL, path, text, "tester", &err) != 0) {
		print_error("set %s = %s: %s\n", path, text, err.msg);
		fail();
	}
}

#endif
