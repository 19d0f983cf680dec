/* jg-coverage-chart.h — the 12-month coverage trend as a line chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "jg-coverage.h"

G_BEGIN_DECLS

#define JG_TYPE_COVERAGE_CHART (jg_coverage_chart_get_type ())
G_DECLARE_FINAL_TYPE (JgCoverageChart, jg_coverage_chart, JG, COVERAGE_CHART, GtkWidget)

GtkWidget *jg_coverage_chart_new        (void);
/* Shows @report's trend and target (NULL: nothing yet). The accessible
 * description says every month's figure. */
void       jg_coverage_chart_set_report (JgCoverageChart  *self,
                                         JgCoverageReport *report);

G_END_DECLS
