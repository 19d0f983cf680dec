/* jg-server-workstations.c — the workstation codes of each department
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-workstations.h"
#include "jg-server-db-private.h"
#include "jg-server-log.h"

#include <string.h>

#define MAX_INSTALLATION 64
/* "W" and at least two digits: W01 … W99, then W100 and on. */
#define CODE_FORMAT "W%02" G_GINT64_FORMAT
#define READ_FAILED "Could not read the workstations"

gboolean
jg_server_installation_is_valid (const char *installation)
{
  gsize length;

  if (installation == NULL)
    return FALSE;
  length = strlen (installation);
  if (length == 0 || length > MAX_INSTALLATION)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (installation[i]) && installation[i] != '-')
      return FALSE;
  return TRUE;
}

/* The code of @installation, or NULL. */
static gboolean
find_code (JgServerDb  *db,
           const char  *department,
           const char  *installation,
           char       **code,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *code = NULL;
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT code FROM workstation"
                                      " WHERE department = ?1 AND installation = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, department, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, installation, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return jg_server_db_stepped (db, stmt, rc, READ_FAILED, error);
}

gboolean
jg_server_db_register_workstation (JgServerDb  *db,
                                   const char  *department,
                                   const char  *installation,
                                   const char  *username,
                                   char       **code,
                                   GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 next = 1;
  int rc;

  g_return_val_if_fail (jg_server_installation_is_valid (installation), FALSE);

  /* IMMEDIATE: two first registrations at once must not both take the
   * next code. */
  if (!jg_server_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!find_code (db, department, installation, code, error))
    goto fail;
  if (*code != NULL)
    {
      if (!jg_server_db_exec (db, "COMMIT", error))
        goto fail;
      return TRUE;
    }

  /* Codes are never given back: the records numbered with one stay. */
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT count(*) FROM workstation WHERE department = ?1",
                                      error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, department, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    next = sqlite3_column_int64 (stmt, 0) + 1;
  if (!jg_server_db_stepped (db, stmt, rc, READ_FAILED, error))
    goto fail;

  *code = g_strdup_printf (CODE_FORMAT, next);
  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT INTO workstation (department, installation, code,"
                                      " username, created) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, department, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, installation, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, *code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, username, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!jg_server_db_step_done (db, stmt, "Could not register a workstation", error) ||
      !jg_server_db_exec (db, "COMMIT", error))
    goto fail;
  jg_server_log ("WORKSTATION user=%s department=%s code=%s", username, department, *code);
  return TRUE;

fail:
  g_clear_pointer (code, g_free);
  jg_server_db_rollback (db);
  return FALSE;
}
