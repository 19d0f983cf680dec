/* jg-coverage-city.h — the city's view: every department's figures
 *
 * A `city` account reads GET /api/v1/city/departments (PROTOCOL.md, "The
 * city's view"): one JgCityRow per department. The Overview's city table
 * and `jianguan-cli report city` show these rows; the columns, their
 * headers and the tab-separated text are here, once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record-schema.h"

G_BEGIN_DECLS

typedef struct {
  char    *department;
  char    *name;
  guint    items;
  guint    covered;
  double   coverage;           /* percent, -1 with no items */
  guint    target_items;
  guint    gap;                /* items short of the target */
  gboolean below_target;
  guint    records[JG_RECORD_N_KINDS];   /* accepted this month, by kind */
  guint    dynamics_updates;
  guint    dynamics_items;
  guint    exposure_updates;
  guint    exposure_items;
  guint    rejected_open;
  gint64   last_sync;          /* unix seconds, 0 never */
} JgCityRow;

typedef struct {
  char      *month;            /* "YYYY-MM" */
  guint      target;           /* percent in force at the month's end */
  GPtrArray *rows;             /* of JgCityRow, in department code order */
} JgCityTable;

void         jg_city_table_free    (JgCityTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgCityTable, jg_city_table_free)

/* Blocking: the table of @month ("YYYY-MM", NULL for the current one).
 * A 403 (not a city account) is JG_OUTBOX_ERROR_NOT_ALLOWED. Blocking:
 * jg-session-coverage.c runs it in a thread. */
JgCityTable *jg_city_table_fetch   (const char    *server_url,
                                    const char    *ca_file,
                                    const char    *token,
                                    const char    *month,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* The table as text: a header line, then one line per department, tab
 * separated (translated headers; figures as digits; last sync as
 * "YYYY-MM-DD HH:MM" in Asia/Shanghai, or empty). */
char        *jg_city_table_to_tsv  (JgCityTable   *table);

/* "YYYY-MM-DD HH:MM" in Asia/Shanghai, or "" for 0. */
char        *jg_city_format_time   (gint64         unix_seconds);

G_END_DECLS
