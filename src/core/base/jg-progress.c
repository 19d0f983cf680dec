/* jg-progress.c — "progress" signals emitted where the caller listens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-progress.h"

typedef struct {
  GObject *instance;
  guint    signal_id;
  guint64  done;
  guint64  total;
} Progress;

static gboolean
emit_cb (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->instance, p->signal_id, 0, p->done, p->total);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->instance);
  g_free (p);
}

void
jg_progress_report (gpointer      instance,
                    guint         signal_id,
                    GMainContext *context,
                    guint64       done,
                    guint64       total)
{
  Progress *p;

  if (context == NULL)
    {
      g_signal_emit (instance, signal_id, 0, done, total);
      return;
    }

  p = g_new0 (Progress, 1);
  p->instance = g_object_ref (instance);
  p->signal_id = signal_id;
  p->done = done;
  p->total = total;
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, emit_cb, p, progress_free);
}

guint
jg_progress_signal_new (GType type)
{
  return g_signal_new ("progress", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                       G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}
