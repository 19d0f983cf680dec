/* jg-coverage-rules.h — the arithmetic of coverage, as client and server
 * both apply it
 *
 * PROTOCOL.md, "Coverage": a department's items are the catalogue's
 * sub-items in use with an implementation entry of that department; an
 * item is covered in a period when an accepted record of the department
 * names it and its main date falls in the period. The figures, the
 * target in force on a day and the gap are computed here from counts, so
 * that the server's answer and the client's own figure can never differ
 * in how they round or which rule they pick. No SQL here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The plan's rules (domain.md, item 3): 80% from 1 June, 100% from
 * 1 December, each year. The server keeps its own (coverage_target). */
#define JG_COVERAGE_DEFAULT_RULES "06-01=80;12-01=100"
/* "YYYY-MM-DD" plus its terminator. */
#define JG_COVERAGE_DATE_SIZE 11

typedef struct {
  char  from[6];      /* "MM-DD": the rule holds from that day of every year */
  guint percent;      /* 0–100 */
} JgCoverageRule;

/* What a target means on one day. */
typedef struct {
  guint percent;                            /* 0 before the first rule */
  char  from[JG_COVERAGE_DATE_SIZE];        /* the day it took effect, "" when none */
  guint next_percent;                       /* 0 when no later rule this year */
  char  next_from[JG_COVERAGE_DATE_SIZE];   /* "" when none */
} JgCoverageTarget;

/* Reads "MM-DD=N;MM-DD=N" (the form the client keeps and the server's
 * command prints) into rules sorted by day; FALSE when malformed. */
gboolean  jg_coverage_rules_parse     (const char            *text,
                                       GArray               **rules);
char     *jg_coverage_rules_to_string (const GArray          *rules);

/* The target in force on @date ("YYYY-MM-DD") and the next one of its
 * year. */
void      jg_coverage_target_for      (const GArray          *rules,
                                       const char            *date,
                                       JgCoverageTarget      *target);

/* covered ÷ items as a percentage with one decimal (72.4), or -1 with no
 * items. Rounded half up on the tenth, from integers, so both sides print
 * the same digits. */
double    jg_coverage_percent         (guint                  items,
                                       guint                  covered);
/* ceil (percent × items / 100): the items to cover for @percent. */
guint     jg_coverage_target_items    (guint                  items,
                                       guint                  percent);
/* How many more items to cover to reach @percent; never negative. */
guint     jg_coverage_gap             (guint                  items,
                                       guint                  covered,
                                       guint                  percent);

/* Whether @text is a real date "YYYY-MM-DD". */
gboolean  jg_coverage_date_is_valid   (const char            *text);
/* Today in Asia/Shanghai for @unix_seconds, "YYYY-MM-DD" into @out. */
void      jg_coverage_date_of         (gint64                 unix_seconds,
                                       char                   out[JG_COVERAGE_DATE_SIZE]);
/* The last day of @year-@month, "YYYY-MM-DD" into @out. */
void      jg_coverage_month_end       (guint                  year,
                                       guint                  month,
                                       char                   out[JG_COVERAGE_DATE_SIZE]);

G_END_DECLS
