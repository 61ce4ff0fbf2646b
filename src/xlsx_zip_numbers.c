/* Numbers in the xlsx as the form shows them: a trick around libxlsxwriter,
 * kept in a file of its own like the zip level (xlsx_zip_level.c).
 *
 * libxlsxwriter writes a number with 16 significant digits ("%.16G") and
 * has no option for fewer; most two-decimal amounts have no exact double,
 * so 0.94 becomes "0.9399999999999999" and 92.32 "92.31999999999999" in
 * the file, though any spreadsheet shows 0.94, and a reviewer reading the
 * XML (or a program summing it) sees the long form.  So each part's XML,
 * on its way into the zip (minizip's zipWriteInFileInZip, which jixiao
 * defines and which passes every byte on to the real one found with
 * dlsym(RTLD_NEXT)), has every cell value <v>…</v> of 16 or more digits
 * written with 15 instead when that reads back as the same double: "0.94".
 * A value cut between two writes is held back until the next one (or the
 * part's close).  tests/print_xlsx.sh proves it still applies: no stored
 * number with more decimals than its format shows.
 */
#include "export_ops.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jx_xlsx_zip_numbers_linked(void)
{
}

typedef int (*zip_write_fn)(void *, const void *, unsigned int);
typedef int (*zip_close_fn)(void *);

static char num_carry[80];
static size_t num_ncarry;

/* The value v[0..n) shortened when it is a %.16G rendering of a double
 * that %.15G renders too; its length in out (which has room for n). */
static size_t short_number(const char *v, size_t n, char *out)
{
	char in[40], alt[40];
	size_t digits = 0;
	memcpy(out, v, n);
	if (n >= sizeof in)
		return n;
	for (size_t i = 0; i < n; i++) {
		if (v[i] >= '0' && v[i] <= '9')
			digits++;
		else if (v[i] != '.' && v[i] != '-')
			return n; /* an exponent, or not a number */
	}
	if (digits < 16)
		return n;
	memcpy(in, v, n);
	in[n] = '\0';
	snprintf(alt, sizeof alt, "%.15G", strtod(in, NULL));
	if (strtod(alt, NULL) != strtod(in, NULL) || strlen(alt) >= n)
		return n;
	memcpy(out, alt, strlen(alt));
	return strlen(alt);
}

int zipWriteInFileInZip(void *file, const void *buf, unsigned int len);
int zipCloseFileInZip(void *file);

int zipWriteInFileInZip(void *file, const void *buf, unsigned int len)
{
	zip_write_fn real = (zip_write_fn)dlsym(RTLD_NEXT, "zipWriteInFileInZip");
	size_t n = num_ncarry + len, o = 0, i = 0;
	char *in, *out;
	int rc;
	if (!real)
		return -104; /* ZIP_INTERNALERROR */
	in = malloc(n + 1);
	out = malloc(n + 1);
	if (!in || !out) {
		free(in);
		free(out);
		return -104;
	}
	memcpy(in, num_carry, num_ncarry);
	memcpy(in + num_ncarry, buf, len);
	num_ncarry = 0;
	while (i < n) {
		const char *end;
		if (in[i] != '<' || (n - i >= 3 && memcmp(in + i, "<v>", 3) != 0)) {
			out[o++] = in[i++];
			continue;
		}
		if (n - i < 3) { /* "<" or "<v" at the end: perhaps a value next time */
			if (memcmp(in + i, "<v>", n - i) == 0)
				break;
			out[o++] = in[i++];
			continue;
		}
		end = memmem(in + i + 3, n - i - 3 < 40 ? n - i - 3 : 40, "</v>", 4);
		if (!end) {
			if (n - i < 44)
				break; /* cut between two writes */
			out[o++] = in[i++];
			continue;
		}
		memcpy(out + o, "<v>", 3);
		o += 3;
		o += short_number(in + i + 3, (size_t)(end - (in + i + 3)), out + o);
		i = (size_t)(end - in);
	}
	memcpy(num_carry, in + i, n - i);
	num_ncarry = n - i;
	rc = real(file, out, (unsigned int)o);
	free(in);
	free(out);
	return rc;
}

int zipCloseFileInZip(void *file)
{
	zip_write_fn wr = (zip_write_fn)dlsym(RTLD_NEXT, "zipWriteInFileInZip");
	zip_close_fn real = (zip_close_fn)dlsym(RTLD_NEXT, "zipCloseFileInZip");
	if (!wr || !real)
		return -104;
	if (num_ncarry) {
		int rc = wr(file, num_carry, (unsigned int)num_ncarry);
		num_ncarry = 0;
		if (rc != 0)
			return rc;
	}
	return real(file);
}
