/* jg-audit.c — what the records' and the posts' audit trails share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-audit.h"
#include "jg-record-store.h"

gboolean
jg_audit_insert (JgStore       *db,
                 sqlite3_stmt  *stmt,
                 const char    *uuid,
                 const char    *who,
                 const char    *action,
                 const char    *from_state,
                 const char    *to_state,
                 guint          revision,
                 const char    *detail,
                 GError       **error)
{
  g_autofree char *account = jg_record_store_dup_actor ();

  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  jg_store_bind_text (stmt, 3, who);
  jg_store_bind_text (stmt, 4, account);
  jg_store_bind_text (stmt, 5, g_get_host_name ());
  jg_store_bind_text (stmt, 6, action);
  jg_store_bind_text (stmt, 7, from_state);
  jg_store_bind_text (stmt, 8, to_state);
  sqlite3_bind_int (stmt, 9, revision);
  jg_store_bind_text (stmt, 10, detail);
  return jg_store_step_done (db, stmt, error);
}

char *
jg_audit_describe_actor (const char *who,
                         const char *account,
                         const char *host)
{
  const char *name;

  if (who != NULL)
    return g_strdup (who);
  name = account != NULL ? account : _("not signed in");
  if (host == NULL || *host == '\0')
    return g_strdup (name);
  /* TRANSLATORS: who made a change in a record's (or post's) history: the account (or
   * "not signed in") and the workstation's host name */
  return g_strdup_printf (_("%s (workstation %s)"), name, host);
}
