/* jg-server-catalogue-reader.c — the yajl events of a catalogue file
 *
 * Checks the file's shape as it streams by, keeps the members an
 * entity's key is made of, and re-emits each entity compactly through
 * yajl_gen; jg-server-catalogue-loader.c stores it when it closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-catalogue-private.h"

#include <string.h>

/* Deepest nesting accepted in a catalogue file. Entities sit two levels
 * down, so yajl_gen (at most YAJL_MAX_DEPTH) always has room for them. */
#define MAX_DEPTH YAJL_MAX_DEPTH

#define ELEMENT(r) ((r)->member <= MEMBER_DELETIONS)
/* Whether the event goes into the entity's text (depth counted with the
 * event's own container open). */
#define EMITTING(r) ((r)->writing && (r)->member < N_KINDS && (r)->depth >= 3)

static const char *
member_name (int member)
{
  if (member < N_KINDS)
    return kinds[member].array;
  return member == MEMBER_DELETIONS ? "deletions" : "format";
}

/* Index of @feed in jg_server_db_get_feeds(). */
static guint
feed_index (const char *feed)
{
  const char * const *feeds = jg_server_db_get_feeds ();

  for (guint i = 0; feeds[i] != NULL; i++)
    if (strcmp (feeds[i], feed) == 0)
      return i;
  g_assert_not_reached ();
}

G_GNUC_PRINTF (2, 3)
static gboolean
syntax_error (JgCatalogueReader *r,
              const char        *format,
              ...)
{
  va_list args;

  va_start (args, format);
  r->syntax = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

G_GNUC_PRINTF (2, 3)
static gboolean
element_error (JgCatalogueReader *r,
               const char        *format,
               ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (&r->error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
               "%s: %s[%u]: %s", r->name, member_name (r->member), r->index, msg);
  return FALSE;
}

/* yajl reads strings without checking their UTF-8 (it lets through
 * surrogates, overlong forms and code points past U+10FFFF); this does,
 * also on what \u escapes decoded to. U+0000 (from \u0000) is fine. */
static gboolean
string_ok (JgCatalogueReader   *r,
           const unsigned char *str,
           size_t               len)
{
  const char *p = (const char *) str;
  const char *end = p + len;
  const char *stop;

  while (!g_utf8_validate (p, end - p, &stop))
    {
      if (*stop != '\0')
        return syntax_error (r, "invalid UTF-8 in string");
      p = stop + 1;
    }
  return TRUE;
}

static void
capture_set (JgCatalogueCapture *cap,
             const char         *str,
             size_t              len)
{
  const char *nul;

  g_string_truncate (cap->value, 0);
  /* U+0000 cannot live in a C string; keys never hold it. */
  while ((nul = memchr (str, '\0', len)) != NULL)
    {
      g_string_append_len (cap->value, str, nul - str);
      g_string_append (cap->value, "\xef\xbf\xbd");
      len -= nul + 1 - str;
      str = nul + 1;
    }
  g_string_append_len (cap->value, str, len);
}

/* Appends the captured key member @i to r->key. */
static gboolean
capture_key (JgCatalogueReader *r,
             guint              i)
{
  JgCatalogueCapture *cap = &r->caps[i];

  if (!cap->found || !cap->is_string || cap->value->len == 0)
    return element_error (r, "\"%s\" must be a non-empty string", cap->name);
  g_string_append_len (r->key, cap->value->str, cap->value->len);
  return TRUE;
}

/* At the '[' of a kind's array or of "deletions". */
static gboolean
array_begins (JgCatalogueReader *r)
{
  int m = r->member;
  guint f;

  r->index = 0;
  r->n_caps = m == KIND_CODE || m == MEMBER_DELETIONS ? 2 : 1;
  r->caps[0].name = m == KIND_CODE ? "table"
                  : m == KIND_OFFICER ? "id"
                  : m == MEMBER_DELETIONS ? "type" : "code";
  r->caps[1].name = m == KIND_CODE ? "code" : "key";
  for (guint i = 0; i < G_N_ELEMENTS (r->caps); i++)
    r->caps[i].name_len = strlen (r->caps[i].name);
  if (m == MEMBER_DELETIONS)
    return TRUE;

  f = feed_index (kinds[m].feed);
  r->array_fresh = r->fresh[f];
  if (r->one_array)
    return TRUE;

  r->array_at[m] = r->chunk_offset + yajl_get_bytes_consumed (r->parser) - 1;
  if (r->writing && r->last_kind[f] > m)
    {
      /* Out of kind order: undo, check the rest, read again in order. */
      if (!jg_server_db_exec (r->self, "ROLLBACK TO entities", &r->error))
        return FALSE;
      memset (r->stats, 0, sizeof *r->stats);
      r->writing = FALSE;
      r->reordered = TRUE;
    }
  r->last_kind[f] = MAX (r->last_kind[f], m);
  return TRUE;
}

/* At the '}' of an element; r->depth is back at 2. */
static gboolean
element_ends (JgCatalogueReader *r)
{
  g_string_truncate (r->key, 0);

  if (r->member == MEMBER_DELETIONS)
    {
      JgCatalogueDeletion d = { N_KINDS, NULL };

      if (!capture_key (r, 0))
        return FALSE;
      for (guint k = 0; k < N_KINDS; k++)
        if (strcmp (r->key->str, kinds[k].type) == 0)
          d.kind = k;
      if (d.kind == N_KINDS)
        return element_error (r, "unknown type \"%s\"", r->key->str);
      g_string_truncate (r->key, 0);
      if (!capture_key (r, 1))
        return FALSE;
      d.key = g_strndup (r->key->str, r->key->len);
      g_array_append_val (r->deletions, d);
    }
  else
    {
      if (!capture_key (r, 0))
        return FALSE;
      if (r->member == KIND_CODE)
        {
          g_string_append_c (r->key, '/');
          if (!capture_key (r, 1))
            return FALSE;
        }
      if (r->writing)
        {
          if (!jg_server_catalogue_apply (r->self, r->member, r->key->str,
                             r->json->str, r->json->len, r->array_fresh,
                             r->stats, &r->error))
            return FALSE;
          g_string_truncate (r->json, 0);
          yajl_gen_reset (r->gen, NULL);
        }
    }
  r->index++;
  return TRUE;
}

typedef enum {
  VALUE_SCALAR,
  VALUE_STRING,
  VALUE_MAP,
  VALUE_ARRAY,
} ValueType;

/* Checks a value against the shape of a catalogue file and keeps what
 * the element's key is made of. @str: a string value. */
static gboolean
begin_value (JgCatalogueReader *r,
             ValueType          type,
             const char        *str,
             size_t             len)
{
  switch (r->depth)
    {
    case 0:
      if (type != VALUE_MAP)
        return syntax_error (r, "a catalogue file is one JSON object");
      r->started = TRUE;
      break;

    case 1:
      if (r->member == MEMBER_FORMAT)
        {
          if (type != VALUE_STRING || len != strlen (CATALOGUE_FORMAT) ||
              memcmp (str, CATALOGUE_FORMAT, len) != 0)
            {
              g_set_error (&r->error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
                           "%s: unknown \"format\" (expected \"%s\")",
                           r->name, CATALOGUE_FORMAT);
              return FALSE;
            }
        }
      else if (ELEMENT (r))
        {
          if (type != VALUE_ARRAY)
            {
              g_set_error (&r->error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
                           "%s: \"%s\" must be an array",
                           r->name, member_name (r->member));
              return FALSE;
            }
          if (!array_begins (r))
            return FALSE;
        }
      break;

    case 2:
      if (ELEMENT (r))
        {
          if (type != VALUE_MAP)
            return element_error (r, "not a JSON object");
          for (guint i = 0; i < r->n_caps; i++)
            r->caps[i].found = FALSE;
          r->pending = -1;
        }
      break;

    case 3:
      if (r->pending >= 0)
        {
          JgCatalogueCapture *cap = &r->caps[r->pending];

          cap->found = TRUE;
          cap->is_string = type == VALUE_STRING;
          if (cap->is_string)
            capture_set (cap, str, len);
          r->pending = -1;
        }
      break;

    default:
      break;
    }

  if (type == VALUE_MAP || type == VALUE_ARRAY)
    {
      if (r->depth >= MAX_DEPTH)
        return syntax_error (r, "nested too deeply");
      r->depth++;
    }
  return TRUE;
}

static int
gen_ok (JgCatalogueReader *r,
        yajl_gen_status    status)
{
  if (status == yajl_gen_status_ok)
    return 1;
  /* Not expected: the parser hands over only well-formed events. */
  return element_error (r, "could not write the entity (yajl_gen status %d)",
                        (int) status);
}

/* Each value event: its shape checked, then copied into the entity's
 * text if it belongs there. */
static int
on_null (void *ctx)
{
  JgCatalogueReader *r = ctx;

  return begin_value (r, VALUE_SCALAR, NULL, 0) &&
         (!EMITTING (r) || gen_ok (r, yajl_gen_null (r->gen)));
}

static int
on_boolean (void *ctx,
            int   value)
{
  JgCatalogueReader *r = ctx;

  return begin_value (r, VALUE_SCALAR, NULL, 0) &&
         (!EMITTING (r) || gen_ok (r, yajl_gen_bool (r->gen, value)));
}

/* Numbers are kept as written. */
static int
on_number (void       *ctx,
           const char *str,
           size_t      len)
{
  JgCatalogueReader *r = ctx;

  return begin_value (r, VALUE_SCALAR, NULL, 0) &&
         (!EMITTING (r) || gen_ok (r, yajl_gen_number (r->gen, str, len)));
}

static int
on_string (void                *ctx,
           const unsigned char *str,
           size_t               len)
{
  JgCatalogueReader *r = ctx;

  return string_ok (r, str, len) &&
         begin_value (r, VALUE_STRING, (const char *) str, len) &&
         (!EMITTING (r) || gen_ok (r, yajl_gen_string (r->gen, str, len)));
}

static int
on_start_map (void *ctx)
{
  JgCatalogueReader *r = ctx;

  return begin_value (r, VALUE_MAP, NULL, 0) &&
         (!EMITTING (r) || gen_ok (r, yajl_gen_map_open (r->gen)));
}

static int
on_start_array (void *ctx)
{
  JgCatalogueReader *r = ctx;

  return begin_value (r, VALUE_ARRAY, NULL, 0) &&
         (!EMITTING (r) || gen_ok (r, yajl_gen_array_open (r->gen)));
}

static int
on_map_key (void                *ctx,
            const unsigned char *str,
            size_t               len)
{
  JgCatalogueReader *r = ctx;

  if (!string_ok (r, str, len))
    return 0;

  if (r->depth == 1)
    {
      r->member = MEMBER_OTHER;
      for (int m = 0; m < N_MEMBERS; m++)
        if (strlen (member_name (m)) == len &&
            memcmp (member_name (m), str, len) == 0)
          r->member = m;
      if (r->member != MEMBER_OTHER)
        {
          if (r->seen[r->member])
            return syntax_error (r, "member \"%s\" appears twice",
                                 member_name (r->member));
          r->seen[r->member] = TRUE;
        }
    }
  else if (r->depth == 3 && ELEMENT (r))
    {
      r->pending = -1;
      for (guint i = 0; i < r->n_caps; i++)
        if (r->caps[i].name_len == len &&
            memcmp (r->caps[i].name, str, len) == 0)
          r->pending = i;
    }

  return !EMITTING (r) || gen_ok (r, yajl_gen_string (r->gen, str, len));
}

static int
on_end (JgCatalogueReader *r,
        gboolean           map)
{
  if (EMITTING (r) &&
      !gen_ok (r, map ? yajl_gen_map_close (r->gen) : yajl_gen_array_close (r->gen)))
    return 0;
  r->depth--;
  if (r->depth == 2 && ELEMENT (r))
    return element_ends (r);
  if (r->depth == 1 && r->one_array)
    {
      r->array_done = TRUE;
      return 0;
    }
  return 1;
}

static int
on_end_map (void *ctx)
{
  return on_end (ctx, TRUE);
}

static int
on_end_array (void *ctx)
{
  return on_end (ctx, FALSE);
}

static const yajl_callbacks reader_callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

/* yajl_gen's output: called for every piece (quote, separator, run of
 * a string), so the common case avoids a function call. */
void
jg_server_catalogue_gen_print (void       *ctx,
                               const char *str,
                               size_t      len)
{
  GString *out = ctx;

  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      if (len == 1)
        out->str[out->len] = *str;
      else
        memcpy (out->str + out->len, str, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, str, len);
}

yajl_handle
jg_server_catalogue_parser_new (JgCatalogueReader *r)
{
  yajl_handle parser = yajl_alloc (&reader_callbacks, NULL, r);

  /* string_ok() checks UTF-8, more strictly. */
  yajl_config (parser, yajl_dont_validate_strings, 1);
  return parser;
}

/* yajl decodes a lone high surrogate escape ("\ud800x") as '?' and pairs
 * one with whatever \u escape follows it, so such a file would load
 * altered. Each chunk's \u escapes are looked at before yajl reads it (a
 * "\\" pair is stepped over; an escape cut by the chunk's end is carried
 * over to the next). */

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = (v << 4) | d;
    }
  return v;
}

/* Steps over the escape at @s (a backslash): returns what follows it, or
 * NULL if @end cuts it short. Sets *@bad at an unpaired surrogate. */
static const char *
step_escape (const char *s,
             const char *end,
             gboolean   *bad)
{
  int hi, lo;

  if (end - s < 2)
    return NULL;
  if (s[1] != 'u')
    return s + 2;
  if (end - s < 6)
    return NULL;
  hi = hex4 (s + 2);
  if (hi >= 0xdc00 && hi <= 0xdfff)
    *bad = TRUE;
  if (hi < 0xd800 || hi > 0xdbff)
    return s + 6;       /* not hex: yajl refuses it */
  if (end - s < 12)
    {
      /* Decide now if what is there already is no low surrogate. */
      if ((end - s > 6 && s[6] != '\\') || (end - s > 7 && s[7] != 'u'))
        *bad = TRUE;
      return *bad ? s + 6 : NULL;
    }
  lo = s[6] == '\\' && s[7] == 'u' ? hex4 (s + 8) : -1;
  if (lo < 0xdc00 || lo > 0xdfff)
    *bad = TRUE;
  return s + 12;
}

gssize
jg_server_catalogue_find_bad_escape (JgCatalogueReader *r,
                                     const char        *chunk,
                                     gsize              len)
{
  const char *s = chunk;
  const char *end = chunk + len;
  gboolean bad = FALSE;

  if (r->carry_len > 0)
    {
      char tmp[sizeof r->carry + 12];
      gsize n = MIN (len, 12);
      const char *next;

      memcpy (tmp, r->carry, r->carry_len);
      memcpy (tmp + r->carry_len, chunk, n);
      next = step_escape (tmp, tmp + r->carry_len + n, &bad);
      if (bad)
        return 0;
      if (next == NULL)
        {
          /* Still cut short: @chunk is tiny. */
          memcpy (r->carry + r->carry_len, chunk, len);
          r->carry_len += len;
          return -1;
        }
      s = chunk + (next - tmp - r->carry_len);
      r->carry_len = 0;
    }

  while ((s = memchr (s, '\\', end - s)) != NULL)
    {
      const char *next = step_escape (s, end, &bad);

      if (bad)
        return s - chunk;
      if (next == NULL)
        {
          r->carry_len = end - s;
          memcpy (r->carry, s, r->carry_len);
          break;
        }
      s = next;
    }
  return -1;
}
