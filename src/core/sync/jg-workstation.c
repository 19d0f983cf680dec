/* jg-workstation.c — registering this workstation with the server
 *
 * See jg-workstation.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "jg-record-store.h"
#include "jg-workstation.h"

#define INSTALLATION_KEY "workstation.installation"
#define REGISTER_PATH "api/v1/workstations"
/* What a code may look like: it goes into record numbers. */
#define MAX_CODE_LENGTH 8

/* The installation id of @store, chosen on first use. */
static char *
installation_id (JgStore  *store,
                 GError  **error)
{
  char *id = jg_store_get_meta (store, INSTALLATION_KEY);

  if (id != NULL && *id != '\0')
    return id;
  g_free (id);
  id = g_uuid_string_random ();
  if (!jg_store_set_meta (store, INSTALLATION_KEY, id, error))
    g_clear_pointer (&id, g_free);
  return id;
}

static gboolean
code_is_valid (const char *code)
{
  gsize length = code != NULL ? strlen (code) : 0;

  if (length == 0 || length > MAX_CODE_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (code[i]))
      return FALSE;
  return TRUE;
}

gboolean
jg_workstation_register (JgHttpClient  *http,
                         JgStore       *store,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *id = NULL;
  JgHttpAnswer info;
  JsonNode *node;
  const char *code;
  char *text;

  g_return_val_if_fail (http != NULL, FALSE);
  g_return_val_if_fail (JG_IS_STORE (store), FALSE);

  id = installation_id (store, error);
  if (id == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "installation");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  request = g_bytes_new_take (text, strlen (text));

  answer = jg_http_client_send (http, SOUP_METHOD_POST, REGISTER_PATH, request, NULL, &info,
                                cancellable, error);
  jg_http_answer_clear (&info);
  if (answer == NULL)
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                   g_bytes_get_size (answer), NULL) ||
      (node = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    code = NULL;
  else
    code = json_object_get_string_member_with_default (json_node_get_object (node), "code", NULL);
  if (!code_is_valid (code))
    return jg_http_set_malformed (jg_http_client_get_operation (http),
                                  _("the workstation code is missing"), error);

  return jg_record_store_set_workstation (store, code, error);
}
