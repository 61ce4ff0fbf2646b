/* What the sheet-file reader (sheetio_read.c) and writer (sheetio_write.c)
 * share: an indicator's columns as a sheet file has them, made from
 * model.h's JX_IND_COLUMNS, so that both sides keep the same keys and
 * nesting ("override: {score, reason}") in the same order. */
#ifndef JX_SHEETIO_PRIV_H
#define JX_SHEETIO_PRIV_H

#include <stddef.h>
#include <string.h>

#include "field.h"
#include "model.h"

/* How a column's value is held (model.h's kinds). */
typedef enum { JX_SIO_TEXT, JX_SIO_DEC, JX_SIO_CMP, JX_SIO_BAND } jx_sio_kind;

typedef struct {
	const char *member;  /* field-path column: "ind:<key>:<member>" */
	jx_sio_kind kind;
	jx_field_type type;  /* one line or several, for text */
	const char *yaml;    /* key in the file, "group.key" inside a nested map */
	int file_num;        /* number flags (num.h) the file's value is read with */
	size_t off;          /* offset of the member in jx_indicator */
} jx_sio_col;

/* The columns after "key", in JX_IND_COLUMNS order (which is the order they
 * are written and read in; a nested map is written where its first member
 * comes). */
#define JX_SIO_ENUM(member, ...) JX_SIO_##member,
enum { JX_IND_COLUMNS(JX_SIO_ENUM) JX_SIO_NCOLS };
#undef JX_SIO_ENUM
extern const jx_sio_col jx_sio_ind_cols[JX_SIO_NCOLS];

/* Length of the group of a "group.key" column, 0 at the top level. */
static inline size_t jx_sio_group_len(const char *yaml)
{
	const char *dot = strchr(yaml, '.');
	return dot ? (size_t)(dot - yaml) : 0;
}

/* Its key within the group (the whole key at the top level). */
static inline const char *jx_sio_key(const char *yaml)
{
	size_t g = jx_sio_group_len(yaml);
	return g ? yaml + g + 1 : yaml;
}

/* Whether columns a and b are in the same nested map. */
static inline int jx_sio_same_group(const char *a, const char *b)
{
	size_t n = jx_sio_group_len(a);
	return n && n == jx_sio_group_len(b) && strncmp(a, b, n) == 0;
}

/* Whether column i is the first member of its nested map (where the map
 * is read and written). */
static inline int jx_sio_group_starts(int i)
{
	const char *y = jx_sio_ind_cols[i].yaml;
	if (!jx_sio_group_len(y))
		return 0;
	for (int k = 0; k < i; k++)
		if (jx_sio_same_group(jx_sio_ind_cols[k].yaml, y))
			return 0;
	return 1;
}

/* The member of d that column c holds. */
#define JX_SIO_AT(d, c, type) ((type *)(void *)((char *)(d) + (c)->off))

#endif
