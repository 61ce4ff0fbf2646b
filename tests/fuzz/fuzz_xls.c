/* libFuzzer target: the xls reader (jx_xls_read_mem) and, on what it reads,
 * the indicator-table mapping, with the invariants of fuzz_book.h. */
#include "fuzz_book.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_book(jx_xls_read_mem, "fuzz.xls", data, size);
}
