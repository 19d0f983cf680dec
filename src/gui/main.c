/* main.c — entry point of the Jianguan desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "jg-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JgApplication) app = NULL;
  const char *localedir;

  /* Uninstalled runs (tests) point at the build tree's translations. */
  localedir = g_getenv ("JIANGUAN_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = jg_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
