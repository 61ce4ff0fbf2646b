/* Resizing an array the caller tracks the capacity of, for the places that
 * keep two arrays side by side (an element and where it came from) and must
 * grow both to the same capacity. */
#ifndef JX_RESIZE_H
#define JX_RESIZE_H

#include <stdint.h>
#include <stdlib.h>

/* Room for n elements of size bytes in *arr (realloc): 0, or -1 when out of
 * memory, *arr then unchanged and still owned by the caller. */
static inline int jx_resize(void **arr, size_t n, size_t size)
{
	void *p;
	if (size && n > SIZE_MAX / size)
		return -1;
	p = realloc(*arr, n * size);
	if (!p)
		return -1;
	*arr = p;
	return 0;
}

#define JX_RESIZE(arr, n) jx_resize((void **)&(arr), (n), sizeof *(arr))

#endif
