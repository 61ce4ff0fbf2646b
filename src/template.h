/* Rubric templates (share/templates/<name>.yaml) as typed structs.
 *
 * A template is a tree of nodes.  Group nodes (一级, 二级) hold children;
 * leaves say how they are scored:
 *   slot      the sheet's own 三级 indicators sit here (jx_indicator.slot);
 *             scored by comparator rules; points from the node or from the
 *             indicators;
 *   checklist 评价要点 items with points; score = sum of marks;
 *   formula   a rate from two inputs (funds totals or sheet measures);
 *   manual    a score typed by the evaluator within [0, points].
 * Every rule on which sources disagree is a parameter in jx_rules.
 */
#ifndef JX_TEMPLATE_H
#define JX_TEMPLATE_H

#include <stddef.h>
#include "dec.h"
#include "err.h"

typedef enum { JX_NODE_GROUP, JX_NODE_SLOT, JX_NODE_CHECKLIST, JX_NODE_FORMULA, JX_NODE_MANUAL } jx_node_kind;

/* How a formula's rate is formed from inputs a (numerator) and b (denominator). */
typedef enum {
	JX_F_RATIO,  /* a ÷ b */
	JX_F_GROWTH, /* a ÷ b − 1   (存量资金效率性) */
	JX_F_SAVING, /* (b − a) ÷ b (成本节约率) */
} jx_formula;

/* How a formula node is scored from its rate. */
typedef enum {
	JX_FS_RATE,    /* min(rate, 1) × points */
	JX_FS_ENTERED, /* rate shown, score typed (jx_entry) */
	JX_FS_AT_MOST, /* a ≤ b → full points, else 0 (三公经费 actual ≤ budget) */
	JX_FS_BANDS,   /* first band whose min_rate ≤ rate gives fraction × points */
	JX_FS_ZERO_IS_FULL, /* rate ≤ 0 full points, else (1 − rate) × points (结转结余率) */
} jx_fscore;

typedef struct {
	char *label;
	jx_dec points;
} jx_check_item;

typedef struct {
	jx_dec min_rate; /* as a fraction ×JX_SCALE: 0.9 = 900000 */
	jx_dec fraction; /* share of points */
} jx_rate_band;

typedef struct jx_node {
	char *key;        /* unique dotted key, e.g. "decision.project.basis" */
	char *name;       /* Chinese name: 立项依据充分性 */
	char *name_en;
	jx_node_kind kind;
	int level;        /* 1 = 一级, 2 = 二级, 3 = 三级 */
	jx_dec points;    /* 分值; JX_NONE for a slot whose points come from its indicators */
	char *criteria;   /* 评分标准 / 评价要点 heading text */
	char *help;       /* how it is scored, for F1 help */
	struct jx_node *parent;
	struct jx_node **children;
	size_t n_children;
	/* checklist */
	jx_check_item *items;
	size_t n_items;
	/* formula: inputs are "funds.planned", "funds.budget", "funds.received",
	 * "funds.spent" (totals) or "measure.<name>" (jx_measure) */
	jx_formula formula;
	char *input_a, *input_b;
	char *input_a_label, *input_b_label;
	jx_fscore fscore;
	jx_rate_band *bands;
	size_t n_bands;
	int execution;    /* the budget-execution node: execution-rate caps refer to it */
	int na_full;      /* a formula that is not applicable (0 ÷ 0) scores full points instead of 0 */
	/* slot: the 二级 category names an indicator here may carry, e.g. 数量指标 */
	char *category;
} jx_node;

/* The funds totals a formula input may name: the input ("funds.spent"),
 * the label an input gets when its node gives none (template.c), and the
 * names used for an input without a label: in the engine's explanations
 * (name_zh, name_en) and in findings (name_zh, finding_en; checks_funds.c). */
typedef struct {
	const char *input;
	const char *label_zh;
	const char *name_zh, *name_en, *finding_en;
} jx_fund_input;
#define JX_FUND_INPUTS 4
extern const jx_fund_input jx_fund_inputs[JX_FUND_INPUTS];

/* Qualitative band (定性): share of points [lo, hi) or [lo, hi] when hi_inclusive. */
typedef struct {
	char *name;    /* 达成年度指标 */
	char *name_en;
	jx_dec lo, hi; /* fractions ×JX_SCALE: 0.8 = 800000 */
	int hi_inclusive;
} jx_qual_band;

/* Execution-rate cap: when the execution rate is below `below` (or equal to
 * it, when inclusive: `at_or_below` in the file), the total may not exceed
 * `max_total`.  The published bands ("70–80%") leave their edges open, so
 * the template states each inequality. */
typedef struct {
	jx_dec below;     /* fraction ×JX_SCALE */
	jx_dec max_total;
	int inclusive;    /* the rate equal to `below` is capped too */
} jx_exec_cap;
/* Does cap k apply to a rate whose comparison with k->below is cmp (< 0:
 * the rate is lower, 0: equal, > 0: higher)?  Every user of the caps (the
 * engine, the checks, the forms) compares exactly and asks this. */
static inline int jx_exec_cap_applies(const jx_exec_cap *k, int cmp)
{
	return cmp < 0 || (cmp == 0 && k->inclusive);
}

/* A length limit the form prints (不超过 100 字): the text at `field` may
 * hold at most `max` characters (jx_text_chars). */
typedef struct {
	char *field; /* a field path (field.h); "*" stands for any row: "goal:*:actual" */
	int max;
} jx_length_limit;

typedef struct {
	char *grade;   /* 优 */
	char *grade_en;
	jx_dec min;    /* total ≥ min */
} jx_grade_band;

typedef enum {
	JX_REVERSE_LINEAR, /* t < a < 2t → (1 − (a − t)/t) × p; a ≥ 2t → 0 (provincial vendor rule) */
	JX_REVERSE_RATIO,  /* t ÷ a × p (older rule) */
} jx_reverse_rule;

/* What a not-applicable indicator (printed "/", 不适用) does with its points. */
typedef enum {
	JX_NA_RESCALE, /* left out; the nearest node with fixed points above it is rescaled to its weight */
	JX_NA_FULL,    /* counted as full points */
	JX_NA_MOVE,    /* left out; its points move to the node jx_rules.na_move_to, whose score is
			* rescaled to its points plus them */
} jx_na_rule;

typedef struct {
	jx_reverse_rule reverse;
	jx_na_rule not_applicable;
	jx_qual_band *bands;
	size_t n_bands;
	jx_dec over_threshold;   /* fraction, e.g. 1.3; JX_NONE = no over-achievement rule */
	jx_dec over_deduction;   /* points deducted when over the threshold (0 = none) */
	int over_reason_required;
	jx_exec_cap *caps;
	size_t n_caps;
	int decimals;            /* rounding of each score, half-up */
	jx_grade_band *grades;   /* from the highest min down */
	size_t n_grades;
	jx_dec total_points;     /* 100 */
	jx_dec exec_reason_below; /* fraction; execution below it needs a reason (Sichuan 0.9); JX_NONE = off */
	/* 自评分虚高: execution rate below `inflate_exec_below` with a total at or
	 * above `inflate_total_min` is reported. */
	jx_dec inflate_exec_below;
	jx_dec inflate_total_min;
	/* where the reason for low execution is written (check 7): a text
	 * field path, "narr:problems" by default */
	char *exec_reason_field;
	/* where a mid-year budget adjustment (年初预算数 ≠ 全年预算数) must be
	 * explained (check 9, Sichuan form); NULL = no such rule */
	char *adjust_reason_field;
	jx_length_limit *limits;
	size_t n_limits;
	/* not_applicable: {move: <node key>}: the node that receives the points */
	char *na_move_to;
} jx_rules;

typedef enum {
	JX_KIND_PROJECT_SELF,
	JX_KIND_DEPT_EVAL,
	JX_KIND_DEPT_OVERALL,
	JX_KIND_EXTERNAL,
	JX_KIND_PROJECT_DECLARATION, /* 绩效目标申报表: targets only, nothing scored */
	JX_KIND_PROJECT_MONITORING,  /* 绩效目标执行监控表: months 1–N and forecasts, lights, nothing scored */
} jx_template_kind;

/* A monitoring table's parameters (template key `monitoring`, monitor.h):
 * how 序时进度 (the share of the year gone) is reckoned, and the edges of
 * its traffic lights.  A light's edge is on a gap in percentage points:
 * yellow when gap > edge (or >= edge with `inclusive`), red likewise with
 * its own edge; edge JX_NONE = that colour never shows. */
typedef enum { JX_SCHED_MONTHS, JX_SCHED_DAYS, JX_SCHED_TABLE } jx_schedule_kind;
typedef struct {
	jx_dec edge;   /* percentage points ×JX_SCALE */
	int inclusive; /* 1: gap >= edge; 0: gap > edge */
} jx_light_edge;
typedef struct {
	int on;                   /* the template has the block */
	jx_schedule_kind schedule; /* months: N ÷ 12; days: day of year ÷ days in year; table */
	jx_dec table[12];         /* schedule table: 序时进度 in % after month 1..12 */
	jx_light_edge fund_yellow, fund_red; /* on 序时进度 − 执行率 */
	jx_light_edge ind_yellow, ind_red;   /* on 100 − 预计完成程度 (forecast against target) */
} jx_monitor_rules;
/* The words of the kinds as files write them ("project-self" …), in enum order, NULL-terminated. */
extern const char *const jx_template_kind_words[];

/* Goal blocks (Hubei's 2020 project form): on a sheet that gives its goals
 * points (jx_goal.points) or puts its indicators under a goal
 * (jx_indicator.goal), the 一级 nodes `replaces` are scored as one block
 * per goal, 年度绩效目标1 … n, each worth the points the sheet gives it and
 * holding the template's slots below those nodes as its rows.  The goals'
 * points add up to what the replaced nodes were worth (`points`). */
typedef struct {
	char *name, *name_en;   /* 年度绩效目标 (the block's number follows) */
	struct jx_node **replaces;
	size_t n_replaces;
	jx_dec points;          /* the replaced nodes' fixed points, summed */
} jx_goal_blocks;

typedef struct {
	char *id;          /* project-self-2020 */
	int version;
	char *name;        /* 项目支出绩效自评表 */
	char *name_en;
	jx_template_kind kind;
	char *description;
	char **fund_sources; /* default fund rows for a new sheet */
	size_t n_fund_sources;
	jx_rules rules;
	jx_node **roots;   /* 一级 nodes in order */
	size_t n_roots;
	jx_node **all;     /* every node, pre-order */
	size_t n_all;
	char *file;        /* where it was loaded from */
	/* the template the self-evaluation made from a sheet of this one uses
	 * (jixiao stage ID self); NULL = this one */
	char *self_template;
	jx_goal_blocks *goal_blocks; /* NULL: no goal blocks */
	/* the template a monitoring sheet made from a sheet of this one uses
	 * (jixiao stage ID monitoring); NULL = this one */
	char *monitoring_template;
	jx_monitor_rules monitor;
} jx_template;

/* Load one template file; errors are "file:line:column: message". */
jx_template *jx_template_load_file(const char *path, jx_err *err);
jx_template *jx_template_load_mem(const char *name, const char *data, size_t len, jx_err *err);
void jx_template_free(jx_template *t);
const jx_node *jx_template_node(const jx_template *t, const char *key);
/* Grade for a total (from rules.grades). */
const jx_grade_band *jx_template_grade(const jx_template *t, jx_dec total);

/* Length limits (template_rules.c).  The characters of a text as a limit
 * counts them: every character one (a Chinese character, a letter, a
 * punctuation mark), line breaks and the blanks at either end not at all. */
size_t jx_text_chars(const char *s);
/* The limit the template sets for a field path, or 0 for none. */
int jx_template_length_limit(const jx_template *t, const char *path);
/* 0 when text fits the limit of path (or t is NULL, or there is none);
 * else -1 with the message in err: "存在的问题及原因分析最多 200 字，现有 215 字". */
int jx_template_check_length(const jx_template *t, const char *path, const char *label, const char *text, jx_err *err);

/* The set of templates a program run knows: the built-in ones (compiled in
 * from share/templates) plus any *.yaml in the given directories. */
typedef struct {
	jx_template **v;
	size_t n;
} jx_templates;
int jx_templates_load_builtin(jx_templates *set, jx_err *err);
int jx_templates_load_dir(jx_templates *set, const char *dir, jx_err *err);
const jx_template *jx_templates_find(const jx_templates *set, const char *id);
void jx_templates_free(jx_templates *set);

#endif
