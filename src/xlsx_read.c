/* xlsx read as tables: the zip container with minizip (from memory), each
 * XML part streamed through expat as it is inflated, so that no part is
 * ever held whole.
 *
 * What is read: xl/workbook.xml (the worksheets' names, in order, and
 * their relationship ids), xl/_rels/workbook.xml.rels (where each one is),
 * xl/sharedStrings.xml (when present: libxlsxwriter's constant-memory mode,
 * which jixiao's exports use, writes inline strings instead), and each
 * worksheet's cells and merged ranges.  A formula cell gives its cached
 * value; the formula is never evaluated.  A date is the serial number the
 * cell holds (the table keeps what is stored, not a format's rendering).
 *
 * Bounds (table_read.h): each part's unpacked size and its ratio to the
 * packed size are checked while it inflates, not taken from the header
 * (which a zip bomb may lie in); a document type declaration stops the
 * parse (no entity can be declared, so none can expand); encrypted entries
 * are said to be encrypted. */
#include "table_read.h"

#include <expat.h>
#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- zip from memory ---------------------------------------------------- */

typedef struct {
	const unsigned char *data;
	size_t len, pos;
} mem_zip;

static voidpf ZCALLBACK mz_open(voidpf opaque, const void *filename, int mode)
{
	mem_zip *m = opaque;
	(void)filename;
	(void)mode;
	m->pos = 0;
	return m;
}

static uLong ZCALLBACK mz_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	mem_zip *m = stream;
	size_t left = m->len - m->pos, n = size < left ? size : left;
	(void)opaque;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (uLong)n;
}

static uLong ZCALLBACK mz_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK mz_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((mem_zip *)stream)->pos;
}

static long ZCALLBACK mz_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
	mem_zip *m = stream;
	ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->len;
	(void)opaque;
	if (base + offset > m->len)
		return -1;
	m->pos = (size_t)(base + offset);
	return 0;
}

static int ZCALLBACK mz_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK mz_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

/* ---- one part streamed through expat -------------------------------------- */

typedef struct xctx xctx;
typedef void (*x_start)(xctx *x, const char *el, const char **attr);
typedef void (*x_end)(xctx *x, const char *el);

/* The state every part's handlers share. */
struct xctx {
	XML_Parser p;
	const char *where; /* "file" or "file!sheet" */
	jx_err *err;
	int failed;        /* err is set */
	x_start start;
	x_end end;
	/* text collected inside the element being read */
	char *text;
	size_t tn, tcap;
	int collect;
	/* workbook.xml and its rels */
	char **names, **rids, **targets, **target_ids;
	size_t nsheets, nrels;
	/* sharedStrings.xml */
	char **sst;
	size_t nsst;
	int in_si, in_rph;
	/* a worksheet */
	jx_table_builder *b;
	size_t *total, row, col, next_col;
	char type[16];
	int in_v, in_is, have_value;
	char *value;
};

static void fail(xctx *x, const char *zh, const char *en)
{
	if (!x->failed)
		jx_err_set(x->err, "%s: %s", "%s: %s", x->where, L(zh, en));
	x->failed = 1;
	XML_StopParser(x->p, XML_FALSE);
}

static void text_add(xctx *x, const char *s, int len)
{
	if (!x->collect || x->failed)
		return;
	if (x->tn + (size_t)len + 1 > x->tcap) {
		size_t cap = (x->tn + (size_t)len + 1) * 2;
		char *t;
		if (cap > JX_TABLE_MAX_PART) {
			fail(x, "单元格文字过长", "a cell's text is too long");
			return;
		}
		t = realloc(x->text, cap);
		if (!t) {
			fail(x, "内存不足", "out of memory");
			return;
		}
		x->text = t;
		x->tcap = cap;
	}
	memcpy(x->text + x->tn, s, (size_t)len);
	x->tn += (size_t)len;
	x->text[x->tn] = 0;
}

static char *text_take(xctx *x)
{
	char *t = malloc(x->tn + 1);
	if (!t) {
		fail(x, "内存不足", "out of memory");
		return NULL;
	}
	memcpy(t, x->text ? x->text : "", x->tn);
	t[x->tn] = 0;
	x->tn = 0;
	return t;
}

/* The local name of an element ("x:row" and "row" alike). */
static const char *local(const char *el)
{
	const char *c = strrchr(el, ':');
	return c ? c + 1 : el;
}

static const char *attr_of(const char **attr, const char *name)
{
	for (size_t i = 0; attr[i]; i += 2)
		if (strcmp(local(attr[i]), name) == 0)
			return attr[i + 1];
	return NULL;
}

static void XMLCALL on_start(void *ud, const char *el, const char **attr)
{
	xctx *x = ud;
	if (!x->failed && x->start)
		x->start(x, local(el), attr);
}

static void XMLCALL on_end(void *ud, const char *el)
{
	xctx *x = ud;
	if (!x->failed && x->end)
		x->end(x, local(el));
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
	text_add(ud, s, len);
}

static void XMLCALL on_doctype(void *ud, const char *name, const char *sysid, const char *pubid, int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	fail(ud, "含有文档类型声明 (DOCTYPE)，不予读取 (可用于实体膨胀攻击)",
	     "has a document type declaration (DOCTYPE): refused (it allows entity expansion)");
}

static void XMLCALL on_entity(void *ud, const char *name, int is_param, const char *value, int vlen,
			      const char *base, const char *sysid, const char *pubid, const char *notation)
{
	(void)name, (void)is_param, (void)value, (void)vlen, (void)base, (void)sysid, (void)pubid, (void)notation;
	fail(ud, "声明了实体，不予读取", "declares an entity: refused");
}

/* Inflate the named part into the parser in chunks, within the bounds.
 * 1 = done, 0 = no such part, -1 = error (x->err). */
static int parse_part(unzFile z, const char *part, xctx *x)
{
	unz_file_info64 info;
	char buf[65536];
	unsigned long long total = 0;
	int n, done = 0;
	if (unzLocateFile(z, part, 1) != UNZ_OK)
		return 0;
	if (unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
		fail(x, "zip 目录损坏", "the zip directory is damaged");
		return -1;
	}
	if (info.flag & 1) {
		fail(x, "工作簿已加密 (设有打开密码)：请在 Excel 中取消密码后另存，再导入",
		     "the workbook is encrypted (it has a password to open): remove the password in Excel, save, and "
		     "import that file");
		return -1;
	}
	if (unzOpenCurrentFile(z) != UNZ_OK) {
		fail(x, "无法解压 zip 中的部件", "cannot unpack a part of the zip");
		return -1;
	}
	x->p = XML_ParserCreate("UTF-8");
	if (!x->p) {
		unzCloseCurrentFile(z);
		fail(x, "内存不足", "out of memory");
		return -1;
	}
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	XML_SetEntityDeclHandler(x->p, on_entity);
	while (!x->failed && !done) {
		n = unzReadCurrentFile(z, buf, sizeof buf);
		if (n < 0) {
			fail(x, "zip 数据损坏", "the zip data is damaged");
			break;
		}
		total += (unsigned)n;
		/* the header's sizes are not trusted: the bytes are counted */
		if (total > JX_TABLE_MAX_PART ||
		    total > (unsigned long long)JX_TABLE_MAX_RATIO * info.compressed_size + 65536) {
			jx_err_set(x->err, "%s: %s 解压后过大 (超过 %u MiB 或压缩比超过 %u:1)，疑为压缩炸弹，不予读取",
				   "%s: %s unpacks too large (over %u MiB or a ratio over %u:1): a zip bomb? refused",
				   x->where, part, JX_TABLE_MAX_PART >> 20, JX_TABLE_MAX_RATIO);
			x->failed = 1;
			break;
		}
		done = n == 0;
		if (XML_Parse(x->p, buf, n, done) == XML_STATUS_ERROR && !x->failed) {
			jx_err_set(x->err, "%s: %s 第 %lu 行: XML 错误: %s", "%s: %s line %lu: XML error: %s", x->where,
				   part, (unsigned long)XML_GetCurrentLineNumber(x->p),
				   XML_ErrorString(XML_GetErrorCode(x->p)));
			x->failed = 1;
		}
	}
	unzCloseCurrentFile(z);
	XML_ParserFree(x->p);
	x->p = NULL;
	return x->failed ? -1 : 1;
}

/* ---- workbook, relationships, shared strings --------------------------- */

static int push(char ***v, size_t *n, const char *s)
{
	char **g = realloc(*v, (*n + 1) * sizeof *g);
	if (!g)
		return -1;
	*v = g;
	g[*n] = strdup(s ? s : "");
	if (!g[*n])
		return -1;
	(*n)++;
	return 0;
}

static void wb_start(xctx *x, const char *el, const char **attr)
{
	if (strcmp(el, "sheet") != 0)
		return;
	if (x->nsheets >= JX_TABLE_MAX_SHEETS) {
		fail(x, "工作表过多", "too many worksheets");
		return;
	}
	if (push(&x->names, &x->nsheets, attr_of(attr, "name")) < 0) {
		fail(x, "内存不足", "out of memory");
		return;
	}
	x->nsheets--;
	if (push(&x->rids, &x->nsheets, attr_of(attr, "id")) < 0)
		fail(x, "内存不足", "out of memory");
}

static void rels_start(xctx *x, const char *el, const char **attr)
{
	if (strcmp(el, "Relationship") != 0 || x->nrels >= 4 * JX_TABLE_MAX_SHEETS)
		return;
	if (push(&x->targets, &x->nrels, attr_of(attr, "Target")) < 0) {
		fail(x, "内存不足", "out of memory");
		return;
	}
	x->nrels--;
	if (push(&x->target_ids, &x->nrels, attr_of(attr, "Id")) < 0)
		fail(x, "内存不足", "out of memory");
}

/* Shared strings: the text of every <t> in an <si>, phonetic runs left out. */
static void sst_start(xctx *x, const char *el, const char **attr)
{
	(void)attr;
	if (strcmp(el, "si") == 0) {
		x->in_si = 1;
		x->tn = 0;
	} else if (strcmp(el, "rPh") == 0)
		x->in_rph = 1;
	else if (strcmp(el, "t") == 0 && x->in_si && !x->in_rph)
		x->collect = 1;
}

static void sst_end(xctx *x, const char *el)
{
	if (strcmp(el, "t") == 0)
		x->collect = 0;
	else if (strcmp(el, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(el, "si") == 0) {
		char *t;
		x->in_si = 0;
		if (x->nsst >= JX_TABLE_MAX_STRINGS) {
			fail(x, "共享字符串表过大", "the shared-string table is too large");
			return;
		}
		t = text_take(x);
		if (!t)
			return;
		if (x->nsst % 1024 == 0) {
			char **g = realloc(x->sst, (x->nsst + 1024) * sizeof *g);
			if (!g) {
				free(t);
				fail(x, "内存不足", "out of memory");
				return;
			}
			x->sst = g;
		}
		x->sst[x->nsst++] = t;
	}
}

/* ---- a worksheet ---------------------------------------------------------- */

/* "AB12" into 0-based row and column; 0 or -1. */
static int parse_ref(const char *s, size_t *row, size_t *col)
{
	size_t c = 0, r = 0;
	int letters = 0, digits = 0;
	for (; *s >= 'A' && *s <= 'Z' && letters < 4; s++, letters++)
		c = c * 26 + (size_t)(*s - 'A' + 1);
	for (; *s >= '0' && *s <= '9' && digits < 8; s++, digits++)
		r = r * 10 + (size_t)(*s - '0');
	if (*s || !letters || !digits || r == 0)
		return -1;
	*row = r - 1;
	*col = c - 1;
	return 0;
}

/* A number as Excel stores it ("0.30000000000000004") as people read it
 * (15 significant digits, as Excel shows it). */
static char *number_text(const char *v)
{
	char *end, buf[64];
	double d = strtod(v, &end);
	if (end == v || *end || strlen(v) <= 15)
		return strdup(v);
	snprintf(buf, sizeof buf, "%.15g", d);
	return strdup(buf);
}

static void ws_start(xctx *x, const char *el, const char **attr)
{
	if (strcmp(el, "row") == 0) {
		const char *r = attr_of(attr, "r");
		if (r) {
			char *end;
			unsigned long v = strtoul(r, &end, 10);
			x->row = (*end || v == 0) ? x->row + 1 : (size_t)(v - 1);
		} else
			x->row++;
		x->next_col = 0;
	} else if (strcmp(el, "c") == 0) {
		const char *ref = attr_of(attr, "r"), *t = attr_of(attr, "t");
		size_t r;
		if (ref && parse_ref(ref, &r, &x->col) < 0) {
			fail(x, "单元格地址不成立", "a cell address that is not one");
			return;
		}
		if (!ref)
			x->col = x->next_col;
		x->next_col = x->col + 1;
		snprintf(x->type, sizeof x->type, "%s", t ? t : "n");
		free(x->value);
		x->value = NULL;
	} else if (strcmp(el, "v") == 0) {
		x->in_v = 1;
		x->collect = 1;
		x->tn = 0;
	} else if (strcmp(el, "is") == 0) {
		x->in_is = 1;
		x->tn = 0;
	} else if (strcmp(el, "t") == 0 && x->in_is)
		x->collect = 1;
	else if (strcmp(el, "rPh") == 0)
		x->collect = 0;
	else if (strcmp(el, "mergeCell") == 0) {
		const char *ref = attr_of(attr, "ref"), *colon = ref ? strchr(ref, ':') : NULL;
		char a[16], where[700];
		jx_table_merge m;
		if (!colon || (size_t)(colon - ref) >= sizeof a) {
			fail(x, "合并单元格的范围不成立", "a merged range that is not a range");
			return;
		}
		memcpy(a, ref, (size_t)(colon - ref));
		a[colon - ref] = 0;
		snprintf(where, sizeof where, "%s!%.40s", x->where, ref);
		if (parse_ref(a, &m.r0, &m.c0) < 0 || parse_ref(colon + 1, &m.r1, &m.c1) < 0) {
			jx_err_set(x->err, "%s: 合并单元格的范围不成立", "%s: a merged range that is not a range", where);
			x->failed = 1;
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		if (jx_tb_merge(x->b, m, where, x->err) < 0) {
			x->failed = 1;
			XML_StopParser(x->p, XML_FALSE);
		}
	}
}

/* The text a finished cell shows. */
static char *cell_text(xctx *x)
{
	const char *v = x->value;
	if (!v)
		return NULL;
	if (strcmp(x->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (*end || end == v || i >= x->nsst) {
			fail(x, "共享字符串编号超出范围", "a shared-string index out of range");
			return NULL;
		}
		return strdup(x->sst[i]);
	}
	if (strcmp(x->type, "b") == 0)
		return strdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
	if (strcmp(x->type, "n") == 0)
		return number_text(v);
	return strdup(v); /* str (a formula's cached text), inlineStr, e (#N/A) */
}

static void ws_end(xctx *x, const char *el)
{
	if (strcmp(el, "v") == 0 || (strcmp(el, "is") == 0 && x->in_is)) {
		x->collect = 0;
		x->in_v = x->in_is = 0;
		free(x->value);
		x->value = text_take(x);
	} else if (strcmp(el, "t") == 0 && x->in_is)
		x->collect = 0;
	else if (strcmp(el, "c") == 0) {
		char *t = cell_text(x), where[600], cn[24];
		free(x->value);
		x->value = NULL;
		if (x->failed)
			return;
		snprintf(where, sizeof where, "%s!%s", x->where, jx_table_cellname(x->row, x->col, cn, sizeof cn));
		if (t && jx_tb_put(x->b, x->row, x->col, t, x->total, where, x->err) < 0) {
			x->failed = 1;
			XML_StopParser(x->p, XML_FALSE);
		}
	}
}

/* ---- the workbook ------------------------------------------------------- */

static void strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void xctx_free(xctx *x)
{
	strs_free(x->names, x->nsheets);
	strs_free(x->rids, x->nsheets);
	strs_free(x->targets, x->nrels);
	strs_free(x->target_ids, x->nrels);
	strs_free(x->sst, x->nsst);
	free(x->text);
	free(x->value);
}

/* "worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml" into a part name. */
static void part_of(const char *target, char *out, size_t cap)
{
	if (target[0] == '/')
		snprintf(out, cap, "%s", target + 1);
	else
		snprintf(out, cap, "xl/%s", target);
}

static int read_sheets(unzFile z, const char *name, xctx *x, jx_book *book, jx_err *err)
{
	size_t total = 0;
	for (size_t i = 0; i < x->nsheets; i++) {
		const char *target = NULL;
		char part[512], where[600];
		jx_table_builder b = {0};
		int rc;
		for (size_t k = 0; k < x->nrels && !target; k++)
			if (strcmp(x->target_ids[k], x->rids[i]) == 0)
				target = x->targets[k];
		if (!target)
			continue;
		part_of(target, part, sizeof part);
		snprintf(where, sizeof where, "%.200s!%.200s", name, x->names[i]);
		x->where = where;
		x->b = &b;
		x->total = &total;
		x->row = (size_t)-1;
		x->start = ws_start;
		x->end = ws_end;
		rc = parse_part(z, part, x);
		if (rc == 0)
			jx_err_set(err, "%s: 缺少工作表部件 %s", "%s: the worksheet part %s is missing", where, part);
		if (rc <= 0 || jx_tb_finish(&b, book, x->names[i], err) < 0) {
			jx_tb_free(&b);
			return -1;
		}
	}
	return 0;
}

int jx_xlsx_read_mem(const char *name, const void *data, size_t len, jx_book *book, jx_err *err)
{
	mem_zip m = {data, len, 0};
	zlib_filefunc64_def io = {mz_open, mz_read, mz_write, mz_tell, mz_seek, mz_close, mz_error, &m};
	xctx x;
	unzFile z;
	int rc = -1;
	memset(book, 0, sizeof *book);
	book->kind = JX_BOOK_XLSX;
	memset(&x, 0, sizeof x);
	x.err = err;
	x.where = name;
	z = unzOpen2_64("mem", &io);
	if (!z) {
		jx_err_set(err, "%s: 不是完好的 xlsx (zip) 文件", "%s: not a sound xlsx (zip) file", name);
		return -1;
	}
	x.start = wb_start;
	if (parse_part(z, "xl/workbook.xml", &x) <= 0) {
		if (!x.failed)
			jx_err_set(err, "%s: 不是 xlsx 工作簿 (缺少 xl/workbook.xml)",
				   "%s: not an xlsx workbook (xl/workbook.xml is missing)", name);
		goto out;
	}
	x.start = rels_start;
	if (parse_part(z, "xl/_rels/workbook.xml.rels", &x) <= 0) {
		if (!x.failed)
			jx_err_set(err, "%s: 缺少 xl/_rels/workbook.xml.rels", "%s: xl/_rels/workbook.xml.rels is missing",
				   name);
		goto out;
	}
	x.start = sst_start;
	x.end = sst_end;
	if (parse_part(z, "xl/sharedStrings.xml", &x) < 0)
		goto out;
	x.tn = 0;
	rc = read_sheets(z, name, &x, book, err);
out:
	unzClose(z);
	xctx_free(&x);
	if (rc < 0)
		jx_book_free(book);
	return rc;
}
