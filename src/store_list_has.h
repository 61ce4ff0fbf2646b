/* The project list's filter's SQL functions (store_list.c registers
 * them): a word looked for in the texts the list shows. */
#ifndef JX_STORE_LIST_HAS_H
#define JX_STORE_LIST_HAS_H

#include <sqlite3.h>

/* jx_list_total(total): the total as the list shows it. */
void store_list_total(sqlite3_context *cx, int argc, sqlite3_value **argv);
/* jx_list_has(word, text, …): 1 when the word is in one of the texts. */
void store_list_has(sqlite3_context *cx, int argc, sqlite3_value **argv);

#endif
