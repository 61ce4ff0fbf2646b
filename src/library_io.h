/* The indicator library in files (library_io.c): jixiao's own YAML, and
 * CSV or xlsx tables with a heading row (jixiao's export, or a list with
 * 一级指标, 二级指标, 三级指标 or 指标名称, 指标性质 or 计算符号, 指标值,
 * 度量单位 … anywhere in its first 40 rows).  Files are recognised by
 * content, as jixiao import does (table_read.h). */
#ifndef JX_LIBRARY_IO_H
#define JX_LIBRARY_IO_H

#include "err.h"
#include "library.h"

typedef enum { JX_LIBF_YAML, JX_LIBF_XLSX, JX_LIBF_CSV } jx_lib_format;

/* The format named (yaml, xlsx, csv), or when name is NULL the one path's
 * extension says.  0, or -1 when neither says one. */
int jx_lib_format_of(const char *name, const char *path, jx_lib_format *out);

/* Read a whole file into lib (new, indexed): entries of the same name and
 * unit merged, an entry without sources given the source "file:<name>".
 * All or nothing: 0, or -1 with err ("file!sheet!cell: …" for a
 * spreadsheet, "file:line:column: …" for YAML) and lib empty. */
int jx_lib_read_file(const char *path, jx_lib *lib, jx_err *err);

/* Write lib (indexed) to path in fmt, complete or not at all (safefile.h);
 * an existing path only with force.  0, or -1 with err. */
int jx_lib_write_file(const jx_lib *lib, const char *path, jx_lib_format fmt, int force, jx_err *err);

#endif
