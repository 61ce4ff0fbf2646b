/* The project list's filter's SQL functions (store_list.c registers
 * them): a word looked for in the texts the list shows. */
#ifndef JX_STORE_LIST_HAS_H
#define JX_STORE_LIST_HAS_H

#include <sqlite3.h>

/* jx_list_total(total): the total as the list shows it. */
void store_list_total(sqlite3_context *cx, int argc, sqlite3_value **argv);
/* jx_list_has(word, text, …): 1 when the word is in one of the texts. */
void store_list_has(sqlite3_context *cx, int argc, sqlite3_value **argv);

/* The columns besides name, unit, template and grade a word of
 * jx_list_words may be in (its flags): chosen as store_list.c chooses
 * the terms of a word alone. */
enum { JX_LIST_W_STAGE = 1, JX_LIST_W_YEAR = 2, JX_LIST_W_TOTAL = 4 }; /* in this order: store_list_has.c */
/* and whether the word holds ASCII letters (looked for in any case),
 * known when the statement is made rather than found for every sheet */
enum { JX_LIST_W_LETTERS = 8 };
/* The 阶段 column's texts a word is looked for in, as the list shows
 * them: a declaration, monitoring, and any other sheet a self-evaluation
 * (no stage stored). */
extern const char *const list_stage_words[3];
/* jx_list_words(word, flags, …, name, unit, template_id, grade, origin,
 * before, after, stage, year, total): 1 when every word is in the sheet. */
void store_list_words(sqlite3_context *cx, int argc, sqlite3_value **argv);

#endif
