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
/* The part's bytes of one write with the carry before them, edited in
 * place (a value only ever gets shorter); kept from one write to the next
 * rather than allocated for each of the tens of thousands of writes. */
static char *num_buf;
static size_t num_cap;

/* minizip's functions, looked up once */
static zip_write_fn real_write;
static zip_close_fn real_close;

static int find_real(void)
{
	/* POSIX leaves converting a data pointer to a function pointer to the
	 * platform; on every platform with dlsym it is the same bits */
	if (!real_write)
		*(void **)&real_write = dlsym(RTLD_NEXT, "zipWriteInFileInZip");
	if (!real_close)
		*(void **)&real_close = dlsym(RTLD_NEXT, "zipCloseFileInZip");
	return real_write && real_close ? 0 : -1;
}

/* The value v[0..n) shortened when it is a %.16G rendering of a double
 * that %.15G renders too, written at out (which may overlap v, never after
 * it); its new length. */
static size_t short_number(const char *v, size_t n, char *out)
{
	char in[40], alt[40];
	size_t digits = 0, alen;
	if (n >= sizeof in) {
		memmove(out, v, n);
		return n;
	}
	memcpy(in, v, n);
	in[n] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (in[i] >= '0' && in[i] <= '9')
			digits++;
		else if (in[i] != '.' && in[i] != '-')
			digits = 0, i = n; /* an exponent, or not a number */
	}
	if (digits >= 16) {
		snprintf(alt, sizeof alt, "%.15G", strtod(in, NULL));
		alen = strlen(alt);
		if (alen < n && strtod(alt, NULL) == strtod(in, NULL)) {
			memcpy(out, alt, alen);
			return alen;
		}
	}
	memmove(out, in, n);
	return n;
}

/* The first "<v>" in s[0..n): memchr for each '<' and a look at the two
 * bytes after it, several times faster than glibc's memmem for a needle
 * this short (which had been a twentieth of an export's instructions). */
static const char *find_value(const char *s, size_t n)
{
	const char *end = s + n, *p = s;
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end - p >= 3 && p[1] == 'v' && p[2] == '>')
			return p;
		p++;
	}
	return NULL;
}

int zipWriteInFileInZip(void *file, const void *buf, unsigned int len);
int zipCloseFileInZip(void *file);

int zipWriteInFileInZip(void *file, const void *buf, unsigned int len)
{
	size_t n = num_ncarry + len, o = 0, i = 0;
	char *in;
	if (find_real() != 0)
		return -104; /* ZIP_INTERNALERROR */
	if (n > num_cap) {
		char *nb = realloc(num_buf, n < 65536 ? 65536 : n);
		if (!nb)
			return -104;
		num_buf = nb;
		num_cap = n < 65536 ? 65536 : n;
	}
	in = num_buf;
	memcpy(in, num_carry, num_ncarry);
	memcpy(in + num_ncarry, buf, len);
	num_ncarry = 0;
	for (;;) {
		const char *v = find_value(in + i, n - i), *end;
		size_t at = v ? (size_t)(v - in) : n;
		if (!v) {
			/* "<" or "<v" at the end: perhaps a value next time */
			size_t keep = n - i >= 2 && memcmp(in + n - 2, "<v", 2) == 0 ? 2
				      : n - i >= 1 && in[n - 1] == '<'			? 1
											: 0;
			memmove(in + o, in + i, n - keep - i);
			o += n - keep - i;
			i = n - keep;
			break;
		}
		memmove(in + o, in + i, at + 3 - i);
		o += at + 3 - i;
		i = at + 3;
		end = memmem(in + i, n - i < 40 ? n - i : 40, "</v>", 4);
		if (!end) {
			if (n - at < 44) {
				/* cut between two writes: held back, "<v>" and all (the
				 * move above may have written over it) */
				memcpy(num_carry, "<v>", 3);
				memcpy(num_carry + 3, in + i, n - i);
				num_ncarry = n - at;
				return real_write(file, in, (unsigned int)(o - 3));
			}
			continue;
		}
		o += short_number(in + i, (size_t)(end - (in + i)), in + o);
		i = (size_t)(end - in);
	}
	memcpy(num_carry, in + i, n - i);
	num_ncarry = n - i;
	return real_write(file, in, (unsigned int)o);
}

int zipCloseFileInZip(void *file)
{
	if (find_real() != 0)
		return -104;
	if (num_ncarry) {
		int rc = real_write(file, num_carry, (unsigned int)num_ncarry);
		num_ncarry = 0;
		if (rc != 0)
			return rc;
	}
	return real_close(file);
}
