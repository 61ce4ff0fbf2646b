/* Private to the template loader (template.c: the file, its nodes and the
 * set of templates; template_rules.c: the `rules:` mapping): the loader's
 * state and the typed readers both use, each reporting "file:line:column:
 * message" into the loader's error. */
#ifndef JX_TEMPLATE_INT_H
#define JX_TEMPLATE_INT_H

#include "template.h"
#include "yamldoc.h"

#define MAX_KEY_LEN 64             /* node keys end up in 96-byte engine paths */
#define MAX_POINTS JX_INT(100000)  /* keeps every sum far from int64 overflow */
#define MAX_PERCENT JX_INT(100000) /* 1000× is more than any rule needs */

typedef struct {
	const yd_doc *doc;
	jx_err *err;
	jx_template *t;
	size_t cap_all;
	const yd_node **src; /* parallel to t->all: the YAML mapping of each node */
} loader;

/* A message at a node of the template file, into ld->err. */
#define failf(ld, at, ...) yd_failf((ld)->doc, at, (ld)->err, __VA_ARGS__)

void tpl_oom(loader *ld);
int tpl_missing(loader *ld, const yd_node *map, const char *field);
/* A text field.  required: absent, null or empty is an error.  *out is a
 * malloc'd copy or NULL. */
int tpl_get_str(loader *ld, const yd_node *map, const char *field, int required, char **out);
/* A number in points (non-negative, at most MAX_POINTS).  Absent or null
 * gives def (JX_NONE when optional), or an error when def is `required`. */
int tpl_get_points(loader *ld, const yd_node *map, const char *field, int required, jx_dec def, jx_dec *out);
/* A percent number (80, 130, "80%") in [lo, hi] (percent ×JX_SCALE) turned
 * into a fraction ×JX_SCALE.  Absent gives def; null gives JX_NONE when
 * null_ok, else an error. */
int tpl_get_percent(loader *ld, const yd_node *map, const char *field, int required, int null_ok, jx_dec lo,
		    jx_dec hi, jx_dec def, jx_dec *out);
int tpl_get_bool(loader *ld, const yd_node *map, const char *field, int def, int *out);
/* An optional mapping or sequence (absent or null: *out = NULL). */
int tpl_get_map(loader *ld, const yd_node *map, const char *field, const yd_node **out);
int tpl_get_seq(loader *ld, const yd_node *map, const char *field, const yd_node **out);
/* n zeroed elements of size bytes; NULL (out of memory reported) when
 * there is no room. */
void *tpl_zalloc(loader *ld, size_t n, size_t size);
/* One zeroed element of size bytes per item of seq, which must not be
 * empty (empty: the message empty_zh / empty_en at seq); NULL on error. */
void *tpl_alloc_items(loader *ld, const yd_node *seq, size_t size, const char *empty_zh, const char *empty_en);
/* One of a list of words; the index in *out. */
int tpl_get_enum(loader *ld, const yd_node *map, const char *field, const char *const *words, int required, int def,
		 const char *what_zh, const char *what_en, int *out);

/* template_rules.c */
int tpl_parse_rules(loader *ld, const yd_node *m, jx_rules *r); /* m NULL: the national rules */
/* The rules that name nodes or fields, checked once the nodes are read. */
int tpl_check_rule_fields(loader *ld, const yd_node *rules);
void tpl_free_rules(jx_rules *r);
/* The `monitoring` block of root into *m (template_monitor.c). */
int tpl_parse_monitoring(loader *ld, const yd_node *root, jx_monitor_rules *m);

#endif
