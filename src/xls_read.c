/* xls (Excel 97–2003, BIFF) read as tables with libfreexl.
 *
 * FreeXL opens files by name only, so a workbook held in memory (the fuzz
 * target) goes through a private temporary file.  FreeXL does not report
 * merged ranges: in an xls the merged 一级/二级 cell's text sits in its top
 * cell and the cells below are empty, which the header mapping follows
 * down anyway (sheet_from_table.c).  Dates come as FreeXL renders them
 * (YYYY-MM-DD); formulas as their cached values. */
#include "table_read.h"

#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An encrypted xlsx is an OLE2 file holding a stream named
 * "EncryptedPackage" (UTF-16LE in the directory). */
static int has_encrypted_package(const unsigned char *d, size_t n)
{
	static const char name[] = "EncryptedPackage";
	size_t k = sizeof name - 1;
	for (size_t i = 0; i + 2 * k <= n; i++) {
		size_t j = 0;
		while (j < k && d[i + 2 * j] == (unsigned char)name[j] && d[i + 2 * j + 1] == 0)
			j++;
		if (j == k)
			return 1;
	}
	return 0;
}

static const char *encrypted_zh = "工作簿已加密 (设有打开密码)：请在 Excel 中取消密码后另存，再导入";
static const char *encrypted_en =
	"the workbook is encrypted (it has a password to open): remove the password in Excel, save, and import that file";

static char *cell_string(const FreeXL_CellValue *v)
{
	char buf[64];
	switch (v->type) {
	case FREEXL_CELL_INT:
		snprintf(buf, sizeof buf, "%d", v->value.int_value);
		return strdup(buf);
	case FREEXL_CELL_DOUBLE:
		snprintf(buf, sizeof buf, "%.15g", v->value.double_value);
		return strdup(buf);
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		return v->value.text_value ? strdup(v->value.text_value) : NULL;
	default:
		return NULL;
	}
}

static int read_sheet(const void *h, unsigned idx, const char *name, jx_book *book, size_t *total, jx_err *err)
{
	const char *sname = NULL;
	unsigned rows = 0;
	unsigned short cols = 0;
	char where[600], cn[24];
	jx_table_builder b = {0};
	if (freexl_get_worksheet_name(h, (unsigned short)idx, &sname) != FREEXL_OK ||
	    freexl_select_active_worksheet(h, (unsigned short)idx) != FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
		jx_err_set(err, "%s: 第 %u 张工作表无法读取", "%s: worksheet %u cannot be read", name, idx + 1);
		return -1;
	}
	if (!sname)
		sname = "";
	if (rows > JX_TABLE_MAX_ROWS || cols > JX_TABLE_MAX_COLS) {
		jx_err_set(err, "%s!%s: 表格超过 %u 行或 %u 列", "%s!%s: the sheet has more than %u rows or %u columns", name,
			   sname, JX_TABLE_MAX_ROWS, JX_TABLE_MAX_COLS);
		return -1;
	}
	for (unsigned r = 0; r < rows; r++)
		for (unsigned short c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			char *t;
			if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
				continue;
			t = cell_string(&v);
			snprintf(where, sizeof where, "%.200s!%.200s!%s", name, sname,
				 jx_table_cellname(r, c, cn, sizeof cn));
			if (t && jx_tb_put(&b, r, c, t, total, where, err) < 0) {
				jx_tb_free(&b);
				return -1;
			}
		}
	return jx_tb_finish(&b, book, sname, err);
}

static int read_path(const char *path, const char *name, jx_book *book, jx_err *err)
{
	const void *h = NULL;
	unsigned nsheets = 0, pw = 0;
	size_t total = 0;
	int rc = freexl_open(path, &h);
	if (rc != FREEXL_OK) {
		freexl_close(h);
		jx_err_set(err, "%s: 不是完好的 xls 工作簿 (FreeXL 错误 %d)", "%s: not a sound xls workbook (FreeXL error %d)",
			   name, rc);
		return -1;
	}
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED) {
		freexl_close(h);
		jx_err_set(err, "%s: %s", "%s: %s", name, L(encrypted_zh, encrypted_en));
		return -1;
	}
	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK || nsheets > JX_TABLE_MAX_SHEETS) {
		freexl_close(h);
		jx_err_set(err, "%s: 工作表过多或无法读取", "%s: too many worksheets, or none readable", name);
		return -1;
	}
	for (unsigned i = 0; i < nsheets; i++)
		if (read_sheet(h, i, name, book, &total, err) < 0) {
			freexl_close(h);
			return -1;
		}
	freexl_close(h);
	return 0;
}

int jx_xls_read_mem(const char *name, const void *data, size_t len, jx_book *book, jx_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd, rc;
	memset(book, 0, sizeof *book);
	book->kind = JX_BOOK_XLS;
	if (has_encrypted_package(data, len)) {
		jx_err_set(err, "%s: %s", "%s: %s", name, L(encrypted_zh, encrypted_en));
		return -1;
	}
	snprintf(path, sizeof path, "%s/jixiao-xls-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "wb"))) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		jx_err_set(err, "%s: 无法建立临时文件", "%s: cannot create a temporary file", name);
		return -1;
	}
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	rc |= fclose(f);
	if (rc == 0)
		rc = read_path(path, name, book, err);
	else
		jx_err_set(err, "%s: 无法写临时文件", "%s: cannot write a temporary file", name);
	unlink(path);
	if (rc < 0)
		jx_book_free(book);
	return rc;
}
