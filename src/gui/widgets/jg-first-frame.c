/* jg-first-frame.c — work that waits for the window's first frame
 *
 * At start-up the app reads its figures in threads (the record counts,
 * the warnings, the Overview's coverage) over a database of a million
 * records. Started at once, they took the cores the window's first frame
 * needs: a low-priority idle is no guard, since the main loop goes idle
 * while the first frame waits for the display server, before it is
 * painted. The window says when its first frame is painted
 * (jg_first_frame_set_painted); the sources made here are idles that are
 * not ready until then.
 *
 * Should no frame ever be painted (a window never shown), they run after
 * FALLBACK_SECONDS anyway: nothing must wait for a frame for ever.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-first-frame.h"

#define FALLBACK_SECONDS 10

static gboolean painted;
static guint fallback_id;

gboolean
jg_first_frame_is_painted (void)
{
  return painted;
}

void
jg_first_frame_set_painted (void)
{
  if (painted)
    return;
  painted = TRUE;
  g_clear_handle_id (&fallback_id, g_source_remove);
  g_main_context_wakeup (NULL);
}

static gboolean
fallback_cb (gpointer user_data)
{
  fallback_id = 0;
  jg_first_frame_set_painted ();
  return G_SOURCE_REMOVE;
}

static gboolean
source_prepare (GSource *source,
                int     *timeout)
{
  *timeout = -1;
  return painted;
}

static gboolean
source_check (GSource *source)
{
  return painted;
}

static gboolean
source_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  return callback != NULL ? callback (user_data) : G_SOURCE_REMOVE;
}

static GSourceFuncs source_funcs = {
  source_prepare, source_check, source_dispatch, NULL, NULL, NULL,
};

guint
jg_first_frame_idle_add (GSourceFunc    func,
                         gpointer       data,
                         GDestroyNotify notify)
{
  g_autoptr(GSource) source = g_source_new (&source_funcs, sizeof (GSource));

  g_return_val_if_fail (func != NULL, 0);

  if (!painted && fallback_id == 0)
    fallback_id = g_timeout_add_seconds (FALLBACK_SECONDS, fallback_cb, NULL);
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[jianguan] after the first frame");
  return g_source_attach (source, NULL);
}
