/* The indicator library in the workstation (scr_library.c): the picker
 * shown when an indicator is added, the library screen (L on the list). */
#ifndef JX_SCR_LIBRARY_H
#define JX_SCR_LIBRARY_H

#include "library.h"
#include "ws.h"

/* The library of the open database, loaded on first use and kept (NULL
 * when it cannot be read). */
const jx_lib *ws_library(ws *w);
/* Drop the kept library: the next ws_library reads it again. */
void ws_library_forget(void);
/* Search lib as the user types; the index of the entry chosen with Enter,
 * or -1 (Esc). */
long ws_library_pick(const jx_lib *lib);
/* The category (slot) of the open sheet's template an entry names: its
 * 二级 under its 一级, else its 二级 alone; NULL when none. */
const jx_node *ws_library_slot(ws *w, const jx_lib_entry *e);
/* Fill indicator at (just added) from e: name, then the typical target
 * through the typed-target commit (comparator, number, unit together),
 * the unit when still empty.  0, or -1 when a commit was refused. */
int ws_library_fill(ws *w, const jx_lib_entry *e, size_t at);
/* The library screen: browse, filter, edit and delete entries. */
void ws_library_screen(ws *w);

#endif
