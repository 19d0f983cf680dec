/* jg-report-private.h — the blocks of a JgReport, for its writers only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-report.h"

typedef enum {
  JG_REPORT_HEADING,
  JG_REPORT_PARAGRAPH,
  JG_REPORT_TABLE,
  JG_REPORT_CHART,
} JgReportBlockKind;

typedef struct {
  JgReportBlockKind kind;
  char      *text;      /* heading, paragraph; a table's or chart's caption */
  GStrv      headers;   /* table */
  GPtrArray *rows;      /* table: GStrv each, of g_strv_length (headers) */
  GStrv      labels;    /* chart */
  double    *values;    /* chart, of g_strv_length (labels) */
  double     target;    /* chart; NAN: none */
} JgReportBlock;

struct _JgReport
{
  char      *title;
  char      *header;
  GPtrArray *blocks;    /* JgReportBlock */
  guint      missing_glyphs;  /* of the last PDF written */
};
