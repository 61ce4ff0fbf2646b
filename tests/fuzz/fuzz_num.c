/* libFuzzer target: the number parser (jx_parse_dec) under every flag
 * combination, with its invariants checked on every accepted value:
 *   - the value lies in [-JX_DEC_MAX, JX_DEC_MAX] (or is JX_NONE, only for
 *     empty text with JX_NUM_ALLOW_EMPTY);
 *   - JX_NUM_NONNEG never yields a negative value;
 *   - jx_fmt_trim(v) and jx_fmt(v, 6) parse back (without flags) to v;
 *   - a refused text leaves the output untouched and sets a message;
 *   - jx_fmt(v, d) parses back to jx_round(v, d) for d = 0..6 (except where
 *     rounding reaches the range limit, which jx_round clamps);
 *   - the same text parses to the same value under a superset of flags.
 * Input: first byte = flags (low 3 bits), the rest = the text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dec.h"
#include "err.h"
#include "num.h"

#define FAIL(...)                                      \
	do {                                           \
		fprintf(stderr, "invariant: " __VA_ARGS__); \
		fputc('\n', stderr);                   \
		abort();                               \
	} while (0)

static void check_value(const char *text, int flags, jx_dec v)
{
	char buf[64], buf6[64];
	jx_dec back = 0;
	jx_err e;

	if (v == JX_NONE) {
		if (!(flags & JX_NUM_ALLOW_EMPTY))
			FAIL("\"%s\" flags %d gave JX_NONE", text, flags);
		return;
	}
	if (v > JX_DEC_MAX || v < -JX_DEC_MAX)
		FAIL("\"%s\" flags %d out of range: %lld", text, flags, (long long)v);
	if ((flags & JX_NUM_NONNEG) && v < 0)
		FAIL("\"%s\" flags %d negative under NONNEG: %lld", text, flags, (long long)v);
	jx_fmt_trim(buf, v);
	if (jx_parse_dec(buf, 0, &back, &e) != 0)
		FAIL("\"%s\" -> %lld -> \"%s\" refused: %s", text, (long long)v, buf, e.msg);
	if (back != v)
		FAIL("\"%s\" -> %lld -> \"%s\" -> %lld", text, (long long)v, buf, (long long)back);
	jx_fmt(buf6, v, 6);
	if (jx_parse_dec(buf6, 0, &back, &e) != 0 || back != v)
		FAIL("\"%s\" -> %lld -> \"%s\" (6 places) does not parse back", text, (long long)v, buf6);
	for (int d = 0; d <= 6; d++) {
		jx_dec r = jx_round(v, d);
		if (r > JX_DEC_MAX || r < -JX_DEC_MAX)
			FAIL("jx_round(%lld, %d) = %lld", (long long)v, d, (long long)r);
		if (r == JX_DEC_MAX || r == -JX_DEC_MAX)
			continue; /* rounding up past the limit is clamped (dec.h) */
		jx_fmt(buf, v, d);
		if (jx_parse_dec(buf, 0, &back, &e) != 0)
			FAIL("jx_fmt(%lld, %d) = \"%s\" refused: %s", (long long)v, d, buf, e.msg);
		if (back != r)
			FAIL("jx_fmt(%lld, %d) = \"%s\" but jx_round gives %lld", (long long)v, d, buf, (long long)r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	int flags;
	jx_dec v[8];
	int ok[8];

	if (size < 1)
		return 0;
	flags = data[0] & 7;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = 0;
	/* every flag combination; the first byte only chooses which one is
	 * checked first (so that a crash reproduces from its first byte) */
	for (int k = 0; k < 8; k++) {
		int f = (flags + k) & 7;
		jx_err e;
		jx_dec sentinel = 0x5A5A5A5A;
		jx_dec out = sentinel;
		e.msg[0] = 0;
		ok[f] = jx_parse_dec(text, f, &out, &e) == 0;
		if (ok[f]) {
			check_value(text, f, out);
			v[f] = out;
		} else {
			if (out != sentinel)
				FAIL("\"%s\" flags %d refused but the output was written", text, f);
			if (!e.msg[0])
				FAIL("\"%s\" flags %d refused without a message", text, f);
			if (memchr(e.msg, 0, sizeof e.msg) == NULL)
				FAIL("message not terminated");
		}
	}
	/* more flags accept more text, never a different value */
	for (int a = 0; a < 8; a++)
		for (int b = 0; b < 8; b++) {
			if (a == b || (a & b) != a || !ok[a])
				continue; /* b is a strict superset of a */
			if ((b & JX_NUM_NONNEG) && !(a & JX_NUM_NONNEG)) {
				if (v[a] != JX_NONE && v[a] < 0 && ok[b])
					FAIL("\"%s\": negative accepted under NONNEG", text);
				if (v[a] != JX_NONE && v[a] < 0)
					continue;
			}
			if (!ok[b])
				FAIL("\"%s\" accepted with flags %d, refused with %d", text, a, b);
			if (v[a] != v[b])
				FAIL("\"%s\": %lld with flags %d, %lld with %d", text, (long long)v[a], a, (long long)v[b], b);
		}
	/* jx_parse_money is jx_parse_dec(NONNEG | ALLOW_EMPTY) */
	{
		jx_dec m = 0;
		jx_err e;
		int r = jx_parse_money(text, &m, &e) == 0;
		int f = JX_NUM_NONNEG | JX_NUM_ALLOW_EMPTY;
		if (r != ok[f] || (r && m != v[f]))
			FAIL("\"%s\": jx_parse_money differs from jx_parse_dec(NONNEG|ALLOW_EMPTY)", text);
	}
	free(text);
	return 0;
}
