/* jg-server-json-check.c — what a JSON body may be before json-glib reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-json-check.h"

#include <string.h>
#include <yajl/yajl_parse.h>

typedef struct {
  guint       depth;
  GPtrArray  *members;    /* per open container: the member names of an
                           * object (GHashTable), NULL for an array */
  const char *why;
} Check;

static int
check_open (Check      *c,
            GHashTable *names)
{
  if (++c->depth > JG_SERVER_MAX_JSON_DEPTH)
    {
      c->why = "The body nests deeper than " G_STRINGIFY (JG_SERVER_MAX_JSON_DEPTH) " levels";
      if (names != NULL)
        g_hash_table_unref (names);
      return 0;
    }
  g_ptr_array_add (c->members, names);
  return 1;
}

static int
check_close (void *ctx)
{
  Check *c = ctx;

  c->depth--;
  g_ptr_array_set_size (c->members, c->members->len - 1);
  return 1;
}

static int
check_start_map (void *ctx)
{
  return check_open (ctx, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
}

static int
check_start_array (void *ctx)
{
  return check_open (ctx, NULL);
}

static int
check_string (void                *ctx,
              const unsigned char *text,
              size_t               len)
{
  Check *c = ctx;

  /* json-glib would end the string at the NUL: "admin\u0000x" would be
   * "admin" to it and the whole to us. */
  if (memchr (text, '\0', len) != NULL)
    {
      c->why = "A string of the body holds \\u0000";
      return 0;
    }
  return 1;
}

static int
check_map_key (void                *ctx,
               const unsigned char *text,
               size_t               len)
{
  Check *c = ctx;
  GHashTable *names = g_ptr_array_index (c->members, c->members->len - 1);

  if (!check_string (ctx, text, len))
    return 0;
  /* json-glib keeps the last of two members, another reader the first:
   * a body must mean one thing. */
  if (!g_hash_table_add (names, g_strndup ((const char *) text, len)))
    {
      c->why = "An object of the body has a member twice";
      return 0;
    }
  return 1;
}

static int
check_scalar (void *ctx)
{
  return 1;
}

static int
check_boolean (void *ctx,
               int   value)
{
  return 1;
}

static int
check_number (void       *ctx,
              const char *text,
              size_t      len)
{
  return 1;
}

static const yajl_callbacks check_callbacks = {
  check_scalar,
  check_boolean,
  NULL,
  NULL,
  check_number,    /* as text: any size is fine here */
  check_string,
  check_start_map,
  check_map_key,
  check_close,
  check_start_array,
  check_close,
};

static void
members_free (gpointer data)
{
  if (data != NULL)
    g_hash_table_unref (data);
}

gboolean
jg_server_json_check (const char  *body,
                      gsize        length,
                      char       **why)
{
  Check c = { 0, };
  yajl_handle handle;
  yajl_status status;

  c.members = g_ptr_array_new_with_free_func (members_free);
  handle = yajl_alloc (&check_callbacks, NULL, &c);
  status = yajl_parse (handle, (const unsigned char *) body, length);
  if (status == yajl_status_ok)
    status = yajl_complete_parse (handle);
  if (status != yajl_status_ok && c.why == NULL)
    {
      /* Not JSON to yajl: json-glib must not get the chance to read it
       * otherwise (its scanner takes comments, for one). */
      unsigned char *error = yajl_get_error (handle, 0, NULL, 0);

      *why = g_strdup_printf ("The body is not JSON: %s", (const char *) error);
      yajl_free_error (handle, error);
    }
  else if (c.why != NULL)
    *why = g_strdup (c.why);
  yajl_free (handle);
  g_ptr_array_unref (c.members);
  return status == yajl_status_ok;
}
