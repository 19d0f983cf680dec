/* jg-progress.h — "progress" signals emitted where the caller listens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Adds the signal "progress" (guint64 done, guint64 total) to @type, as
 * the sync engines have it; returns its id for jg_progress_report(). */
guint jg_progress_signal_new (GType type);

/* Emits @signal_id (guint64 done, guint64 total) on @instance: at once when
 * @context is NULL (blocking runs), otherwise from an idle in @context (the
 * main context of whoever started an async run in a worker thread). */
void jg_progress_report (gpointer      instance,
                         guint         signal_id,
                         GMainContext *context,
                         guint64       done,
                         guint64       total);

G_END_DECLS
