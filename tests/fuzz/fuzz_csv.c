/* libFuzzer target: the csv reader (jx_csv_read_mem) and, on what it reads,
 * the indicator-table mapping, with the invariants of fuzz_book.h. */
#include "fuzz_book.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_book(jx_csv_read_mem, "fuzz.csv", data, size);
}
