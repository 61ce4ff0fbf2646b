/* The indicator library (指标库): indicators that recur from sheet to sheet,
 * kept apart from any sheet so that a clerk picks one instead of typing it.
 *
 * An entry is one indicator name in one unit, with its categories, its
 * comparator, the typical target as tables print it, the range of numeric
 * targets seen, a scoring note, 行业 / 领域, 共性 or 个性, and the places it
 * came from ("sheet:<uid>", "file:<name>"), whose number is its use count.
 * Entries of the same name and unit are merged (jx_lib_merge).
 *
 * The library is searched in memory (jx_lib_search): loaded once, each
 * entry's name and categories folded to lower case in one string, so that
 * a search per keystroke is a pass of memmem over the entries in their
 * display order (most used first) without a query to the database.
 *
 * No curses here; the database side is in store_library.c, the files in
 * library_io.c, the operations both front ends call in app_library.c. */
#ifndef JX_LIBRARY_H
#define JX_LIBRARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dec.h"
#include "err.h"
#include "model.h"

/* An entry's columns, declared once: the struct, the database columns, the
 * YAML keys, the CSV and xlsx headings, the fields the library screen
 * edits.  X(member, kind, key, zh, en): kind TEXT (char *, NULL = empty),
 * CMP (jx_cmp), DEC (jx_dec, JX_NONE = none), KIND (char *: 共性 or 个性);
 * key is the YAML key, the database column and the field name. */
#define JX_LIB_COLUMNS(X)                                                  \
	X(l1, TEXT, "l1", "一级指标", "Level 1")                            \
	X(l2, TEXT, "l2", "二级指标", "Level 2")                            \
	X(name, TEXT, "name", "三级指标", "Indicator")                      \
	X(cmp, CMP, "cmp", "指标性质", "Comparator")                        \
	X(target, TEXT, "target", "典型指标值", "Typical target")           \
	X(target_min, DEC, "target_min", "指标值下限", "Lowest target")     \
	X(target_max, DEC, "target_max", "指标值上限", "Highest target")    \
	X(unit, TEXT, "unit", "度量单位", "Unit")                           \
	X(note, TEXT, "note", "评分说明", "Scoring note")                   \
	X(sector, TEXT, "sector", "行业", "Sector")                         \
	X(domain, TEXT, "domain", "领域", "Domain")                         \
	X(kind, KIND, "kind", "共性/个性", "Common or specific")

#define JX_LIB_CTYPE_TEXT char *
#define JX_LIB_CTYPE_KIND char *
#define JX_LIB_CTYPE_CMP jx_cmp
#define JX_LIB_CTYPE_DEC jx_dec
#define JX_LIB_MEMBER(member, kind, ...) JX_LIB_CTYPE_##kind member;

typedef struct {
	int64_t id; /* in the database; 0 when not stored */
	JX_LIB_COLUMNS(JX_LIB_MEMBER)
	char **sources; /* "sheet:<uid>", "file:<name>", sorted, unique */
	size_t nsources;
	int dirty;      /* changed in memory since loaded: jx_store_library_save writes it */
} jx_lib_entry;

/* The columns as data, in JX_LIB_COLUMNS order (headings, fields). */
typedef enum { JX_LIBK_TEXT, JX_LIBK_CMP, JX_LIBK_DEC, JX_LIBK_KIND } jx_lib_kind;
typedef struct {
	const char *key, *zh, *en;
	jx_lib_kind kind;
} jx_lib_column;
extern const jx_lib_column jx_lib_columns[];
extern const size_t jx_lib_ncolumns;
/* The two headings after the columns: 使用次数 and 来源. */
#define JX_LIB_USES_ZH "使用次数"
#define JX_LIB_USES_EN "Uses"
#define JX_LIB_SOURCES_ZH "来源"
#define JX_LIB_SOURCES_EN "Sources"

/* A column's value as text ("" when empty): a comparator as 指标性质
 * (≥, ≤, 定性 …), a number trimmed.  buf (64 bytes) holds numbers. */
const char *jx_lib_get(const jx_lib_entry *e, size_t col, char *buf, size_t len);
/* Set a column from text as a person types it: a comparator in any
 * spelling jx_cmp_parse knows, a number (jx_parse_dec), 共性 / 个性 (also
 * common / specific).  The name cannot be emptied.  0, or -1 with err. */
int jx_lib_set(jx_lib_entry *e, size_t col, const char *text, jx_err *err);
/* The column of a heading or key (zh, en, or an alias a provincial list
 * uses: 指标名称, 计算符号, 年度指标值, 计量单位 …); -1 when none. */
int jx_lib_column_of(const char *heading);

void jx_lib_entry_clear(jx_lib_entry *e);
/* Add a source (kept sorted, unique): 1 added, 0 already there, -1 no memory. */
int jx_lib_add_source(jx_lib_entry *e, const char *source);
/* Note a numeric target: the range widens to it. */
void jx_lib_widen(jx_lib_entry *e, jx_dec target);
/* Merge `from` (same name and unit) into `into`: what into lacks is taken
 * (categories, comparator, typical target, note, 行业, 领域, kind), the
 * range widens, the sources are united.  Returns the number of sources
 * added, or -1 when out of memory. */
int jx_lib_merge(jx_lib_entry *into, const jx_lib_entry *from);
/* The entry's typical target for an indicator: target as tables print it,
 * made from the comparator, number and unit ("≥95%", "2023-06-30前",
 * "按时完成"), into buf; "" when the indicator has no target. */
const char *jx_lib_target_of(const jx_indicator *d, char *buf, size_t len);
/* The range seen as text: "85–95%" or "95%" ("" when none). */
const char *jx_lib_range_text(const jx_lib_entry *e, char *buf, size_t len);

/* ---- the library in memory: its entries and a search index ---- */
typedef struct {
	jx_lib_entry *v;
	size_t n, cap;
	/* built by jx_lib_index: the order shown (most used first, then by
	 * name) and each entry's name and categories folded to lower case */
	size_t *order;
	char **hay;
	size_t *haylen;
	/* entries [0, nkeyed) by name and unit, for jx_lib_find */
	size_t *byname;
	size_t nkeyed;
} jx_lib;

/* The entry of that name and unit (NULL or "" unit alike), or -1. */
long jx_lib_find(const jx_lib *lib, const char *name, const char *unit);
/* Append e (taken over: e is zeroed).  0 or -1 (no memory). */
int jx_lib_append(jx_lib *lib, jx_lib_entry *e);
/* Build (or rebuild) the search index.  0 or -1 (no memory). */
int jx_lib_index(jx_lib *lib);
/* The entries whose name or categories (一级, 二级, 行业, 领域) contain
 * every word of query (words split at blanks, U+3000 included; Latin
 * letters case-insensitive), in the index's order, those whose name
 * begins with the first word first.  Up to max indexes into out; returns
 * how many matched in all (it may exceed max).  An empty query matches
 * every entry. */
size_t jx_lib_search(const jx_lib *lib, const char *query, size_t *out, size_t max);
void jx_lib_free(jx_lib *lib);

/* ---- in the database (store_library.c) ---- */
struct jx_store;
/* Every entry with its sources, indexed for search. */
int jx_store_library_load(struct jx_store *st, jx_lib *lib, jx_err *err);
/* Write every dirty entry (new ones get their id) in one transaction: all
 * or nothing.  0, or -1 with err. */
int jx_store_library_save(struct jx_store *st, jx_lib *lib, jx_err *err);
/* Delete entry id with its sources: 1 deleted, 0 no such entry, -1 (err). */
int jx_store_library_delete(struct jx_store *st, int64_t id, jx_err *err);
/* Put back entry e as it was (undo of a delete), under its own id. */
int jx_store_library_restore(struct jx_store *st, const jx_lib_entry *e, jx_err *err);

#endif
