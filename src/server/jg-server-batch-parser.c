/* jg-server-batch-parser.c — the body of POST /api/v1/records, read fast
 *
 * A small state machine over yajl's events (like
 * src/core/sync/jg-changes-parser.c) that fills a JgBatch. Every decoded
 * string is copied once into one arena of the body's size: a JSON string
 * is never shorter than its decoded text plus a terminator (it has two
 * quotes), so the arena never grows and the pointers into it stay put.
 *
 * What this parser accepts must read exactly as json-glib reads it, since
 * json-glib judges every other body (see the header). So it gives up on
 * anything where the two could differ, even if the body might be valid:
 * members it does not read, duplicate members, \u0000 and surrogate
 * escapes, empty member names, numbers anywhere but "revision", nesting
 * deeper than a real batch needs, form feeds and vertical tabs (white
 * space to yajl only), and bodies that are not valid UTF-8 or hold a NUL
 * byte. tests/server/test-server.py checks such bodies get json-glib's
 * answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-batch-parser.h"
#include "jg-server-json-check.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

/* A batch is 4 levels deep. */
#define MAX_DEPTH 16

typedef enum {
  CTX_TOP,       /* before the body's object */
  CTX_ROOT,      /* in the body's object */
  CTX_RECORDS,   /* in "records" */
  CTX_RECORD,    /* in one record */
  CTX_FIELDS,    /* in a record's "fields" */
  CTX_DONE,      /* after the body's object */
} Ctx;

/* The members we read; one bit each, to catch duplicates. */
typedef enum {
  KEY_OTHER = 0,
  KEY_BATCH = 1 << 0,
  KEY_RECORDS = 1 << 1,
  KEY_UUID = 1 << 2,
  KEY_REVISION = 1 << 3,
  KEY_OP = 1 << 4,
  KEY_KIND = 1 << 5,
  KEY_DEPARTMENT = 1 << 6,
  KEY_FIELDS = 1 << 7,
} Key;

#define RECORD_REQUIRED (KEY_UUID | KEY_REVISION | KEY_OP | KEY_KIND | KEY_DEPARTMENT)

typedef struct {
  JgBatch       *batch;
  guint          max_records;
  Ctx            ctx;
  int            depth;
  Key            key;           /* the member whose value comes next */
  guint          seen;          /* Keys seen in the current object */
  guint          root_seen;
  const char    *field_key;     /* in CTX_FIELDS */
  JgBatchRecord  record;
  GArray        *key_hashes;    /* of the current record's field keys */
  char          *arena;
  gsize          arena_used, arena_size;
} Parser;

void
jg_server_batch_init (JgBatch *batch)
{
  memset (batch, 0, sizeof *batch);
  batch->records = g_array_new (FALSE, FALSE, sizeof (JgBatchRecord));
  batch->fields = g_array_new (FALSE, FALSE, sizeof (JgBatchField));
}

void
jg_server_batch_clear (JgBatch *batch)
{
  g_clear_pointer (&batch->records, g_array_unref);
  g_clear_pointer (&batch->fields, g_array_unref);
  g_clear_pointer (&batch->arena, g_free);
  batch->name = NULL;
}

static const char *
arena_add (Parser              *p,
           const unsigned char *text,
           size_t               len)
{
  char *s;

  if (len + 1 > p->arena_size - p->arena_used)
    return NULL;   /* cannot happen (see above); give up rather than overflow */
  s = p->arena + p->arena_used;
  memcpy (s, text, len);
  s[len] = '\0';
  p->arena_used += len + 1;
  return s;
}

static Key
root_key (const unsigned char *text,
          size_t               len)
{
  if (len == 5 && memcmp (text, "batch", 5) == 0)
    return KEY_BATCH;
  if (len == 7 && memcmp (text, "records", 7) == 0)
    return KEY_RECORDS;
  return KEY_OTHER;
}

static Key
record_key (const unsigned char *text,
            size_t               len)
{
  static const struct { const char *name; Key key; } keys[] = {
    { "uuid", KEY_UUID }, { "revision", KEY_REVISION }, { "op", KEY_OP },
    { "kind", KEY_KIND }, { "department", KEY_DEPARTMENT }, { "fields", KEY_FIELDS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strlen (keys[i].name) == len && memcmp (keys[i].name, text, len) == 0)
      return keys[i].key;
  return KEY_OTHER;
}

static int
cb_map_key (void                *ctx,
            const unsigned char *text,
            size_t               len)
{
  Parser *p = ctx;

  if (len == 0)
    return 0;
  switch (p->ctx)
    {
    case CTX_ROOT:
    case CTX_RECORD:
      p->key = p->ctx == CTX_ROOT ? root_key (text, len) : record_key (text, len);
      /* A member we do not read could come twice, or nest: json-glib,
       * after jg_server_json_check(), judges such a body. Our client
       * sends none. */
      if (p->key == KEY_OTHER || (p->seen & p->key))
        return 0;
      p->seen |= p->key;
      return 1;

    case CTX_FIELDS:
      {
        guint hash = 5381;
        guint base = p->record.first_field;
        const char *key;

        for (size_t i = 0; i < len; i++)
          hash = hash * 33 + text[i];
        for (guint i = 0; i < p->key_hashes->len; i++)
          if (g_array_index (p->key_hashes, guint, i) == hash &&
              strlen (g_array_index (p->batch->fields, JgBatchField, base + i).key) == len &&
              memcmp (g_array_index (p->batch->fields, JgBatchField, base + i).key, text, len) == 0)
            return 0;   /* duplicate field */
        if ((key = arena_add (p, text, len)) == NULL)
          return 0;
        g_array_append_val (p->key_hashes, hash);
        p->field_key = key;
        return 1;
      }

    default:
      return 0;
    }
}

static int
cb_string (void                *ctx,
           const unsigned char *text,
           size_t               len)
{
  Parser *p = ctx;
  const char *s;

  switch (p->ctx)
    {
    case CTX_ROOT:
      if (p->key != KEY_BATCH)
        return 0;
      if (len == 0 || len > JG_BATCH_MAX_NAME || (s = arena_add (p, text, len)) == NULL)
        return 0;
      p->batch->name = s;
      return 1;

    case CTX_RECORD:
      if (p->key == KEY_REVISION || p->key == KEY_FIELDS)
        return 0;
      if ((s = arena_add (p, text, len)) == NULL)
        return 0;
      switch (p->key)
        {
        case KEY_UUID:
          if (!g_uuid_string_is_valid (s))
            return 0;
          p->record.uuid = s;
          return 1;
        case KEY_OP:
          if (len != 1 || strchr ("iud", s[0]) == NULL)
            return 0;
          p->record.op = s[0];
          return 1;
        case KEY_KIND:
          return jg_record_kind_from_string (s, &p->record.kind);
        case KEY_DEPARTMENT:
          p->record.department = s;
          return len > 0;
        default:
          return 0;
        }

    case CTX_FIELDS:
      {
        JgBatchField field = { p->field_key, NULL };

        if ((field.value = arena_add (p, text, len)) == NULL)
          return 0;
        g_array_append_val (p->batch->fields, field);
        p->record.n_fields++;
        return 1;
      }

    default:
      return 0;
    }
}

static int
cb_number (void       *ctx,
           const char *text,
           size_t      len)
{
  Parser *p = ctx;
  guint64 value = 0;

  /* Only a plain revision: json-glib reads other numbers in its own ways
   * (doubles, overflow), so leave those bodies to it. */
  if (p->ctx != CTX_RECORD || p->key != KEY_REVISION ||
      len == 0 || len > 10 || text[0] < '1' || text[0] > '9')
    return 0;
  for (size_t i = 0; i < len; i++)
    {
      if (text[i] < '0' || text[i] > '9')
        return 0;
      value = value * 10 + (guint64) (text[i] - '0');
    }
  if (value > G_MAXUINT)
    return 0;
  p->record.revision = (gint64) value;
  return 1;
}

/* null, true and false: only a null "fields", which is no fields. */
static int
on_literal (Parser   *p,
            gboolean  is_null)
{
  return p->ctx == CTX_RECORD && is_null && p->key == KEY_FIELDS;
}

static int
cb_null (void *ctx)
{
  return on_literal (ctx, TRUE);
}

static int
cb_boolean (void *ctx,
            int   value)
{
  return on_literal (ctx, FALSE);
}

static int
cb_start_map (void *ctx)
{
  Parser *p = ctx;

  if (++p->depth > MAX_DEPTH)
    return 0;
  switch (p->ctx)
    {
    case CTX_TOP:
      p->ctx = CTX_ROOT;
      p->seen = 0;
      return 1;

    case CTX_RECORDS:
      if (p->batch->records->len >= p->max_records)
        return 0;
      memset (&p->record, 0, sizeof p->record);
      p->ctx = CTX_RECORD;
      p->seen = 0;
      return 1;

    case CTX_RECORD:
      if (p->key != KEY_FIELDS)
        return 0;
      p->record.first_field = p->batch->fields->len;
      g_array_set_size (p->key_hashes, 0);
      p->ctx = CTX_FIELDS;
      return 1;

    default:
      return 0;
    }
}

static int
cb_end_map (void *ctx)
{
  Parser *p = ctx;

  p->depth--;
  switch (p->ctx)
    {
    case CTX_ROOT:
      if ((p->seen & (KEY_BATCH | KEY_RECORDS)) != (KEY_BATCH | KEY_RECORDS))
        return 0;
      p->ctx = CTX_DONE;
      return 1;

    case CTX_RECORD:
      if ((p->seen & RECORD_REQUIRED) != RECORD_REQUIRED)
        return 0;
      g_array_append_val (p->batch->records, p->record);
      p->ctx = CTX_RECORDS;
      return 1;

    case CTX_FIELDS:
      p->ctx = CTX_RECORD;
      return 1;

    default:
      return 0;
    }
}

static int
cb_start_array (void *ctx)
{
  Parser *p = ctx;

  if (++p->depth > MAX_DEPTH)
    return 0;
  switch (p->ctx)
    {
    case CTX_ROOT:
      if (p->key != KEY_RECORDS)
        return 0;
      p->root_seen = p->seen;
      p->ctx = CTX_RECORDS;
      return 1;

    default:
      return 0;
    }
}

static int
cb_end_array (void *ctx)
{
  Parser *p = ctx;

  p->depth--;
  switch (p->ctx)
    {
    case CTX_RECORDS:
      p->ctx = CTX_ROOT;
      p->seen = p->root_seen;
      return 1;

    default:
      return 0;
    }
}

static const yajl_callbacks callbacks = {
  cb_null,
  cb_boolean,
  NULL,          /* every number comes through cb_number, as text */
  NULL,
  cb_number,
  cb_string,
  cb_start_map,
  cb_map_key,
  cb_end_map,
  cb_start_array,
  cb_end_array,
};

/* \u0000 and lone or paired surrogates: json-glib and yajl may decode them
 * differently. A "\\" pair is an escaped backslash and is stepped over, so
 * "\\u0000" (a backslash, then text) does not count. */
static gboolean
has_doubtful_escape (const char *body,
                     gsize       length)
{
  const char *end = body + length;
  const char *s = body;

  while ((s = memchr (s, '\\', end - s)) != NULL)
    {
      if (end - s < 2)
        return TRUE;
      if (s[1] == 'u')
        {
          guint value = 0;

          if (end - s < 6)
            return TRUE;
          for (int i = 2; i < 6; i++)
            {
              int digit = g_ascii_xdigit_value (s[i]);

              if (digit < 0)
                return TRUE;
              value = value * 16 + (guint) digit;
            }
          if (value == 0 || (value >= 0xD800 && value <= 0xDFFF))
            return TRUE;
          s += 6;
        }
      else
        s += 2;
    }
  return FALSE;
}

/* The length of the prefix of @s (@len bytes) made of bytes of @accept. */
static gsize
strspn_len (const char *s,
            gsize       len,
            const char *accept)
{
  gsize i = 0;

  while (i < len && strchr (accept, s[i]) != NULL && s[i] != '\0')
    i++;
  return i;
}

gboolean
jg_server_batch_parse (const char *body,
                       gsize       length,
                       guint       max_records,
                       JgBatch    *batch)
{
  Parser p = { 0, };
  yajl_handle handle;
  yajl_status status;
  gboolean ok;

  g_return_val_if_fail (batch->records != NULL && batch->records->len == 0, FALSE);

  /* g_utf8_validate_len() also refuses NUL bytes. yajl takes form feeds
   * and vertical tabs for white space; JSON and json-glib do not. */
  if (body == NULL || length == 0 || !g_utf8_validate_len (body, length, NULL) ||
      memchr (body, '\f', length) != NULL || memchr (body, '\v', length) != NULL ||
      has_doubtful_escape (body, length))
    return FALSE;

  p.batch = batch;
  p.max_records = max_records;
  p.ctx = CTX_TOP;
  p.key_hashes = g_array_sized_new (FALSE, FALSE, sizeof (guint), 64);
  p.arena_size = length + 1;
  p.arena = batch->arena = g_malloc (p.arena_size);

  handle = yajl_alloc (&callbacks, NULL, &p);
  /* The whole body was validated above, more strictly than yajl does. */
  yajl_config (handle, yajl_dont_validate_strings, 1);
  /* yajl 2.1 lets an unterminated string after the value pass as the end
   * of the text; so it stops after the value and the rest is checked
   * here: white space only. */
  yajl_config (handle, yajl_allow_trailing_garbage, 1);
  status = yajl_parse (handle, (const unsigned char *) body, length);
  ok = status == yajl_status_ok && p.ctx == CTX_DONE;
  if (ok)
    {
      gsize end = yajl_get_bytes_consumed (handle);

      ok = yajl_complete_parse (handle) == yajl_status_ok && end <= length &&
           strspn_len (body + end, length - end, " \t\n\r") == length - end;
    }
  yajl_free (handle);
  g_array_unref (p.key_hashes);

  if (!ok)
    {
      g_array_set_size (batch->records, 0);
      g_array_set_size (batch->fields, 0);
      g_clear_pointer (&batch->arena, g_free);
      batch->name = NULL;
    }
  return ok;
}

/* --- the reference reader: json-glib ------------------------------------ */

/* Bodies jg_server_batch_parse() declines (and what it is unsure of) are
 * read here; these checks and messages are the reference: the first error,
 * record by record, wins. */

static gboolean
string_member (JsonObject  *o,
               const char  *name,
               const char **value)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (n);
  return TRUE;
}

typedef struct {
  guint   index;
  char   *message;        /* the first member that is not a string */
  GArray *fields;         /* JgBatchField */
} FieldCheck;

static void
check_field (JsonObject *object,
             const char *key,
             JsonNode   *v,
             gpointer    data)
{
  FieldCheck *check = data;

  if (check->message != NULL)
    return;
  if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
    check->message = g_strdup_printf ("records[%u].fields.%.64s is not a string",
                                      check->index, key);
  else
    {
      JgBatchField field = { key, json_node_get_string (v) };
      g_array_append_val (check->fields, field);
    }
}

/* Checks the shape of record @index; fills @in and appends its fields to
 * @fields (borrowing the tree's strings). FALSE with *@message. */
static gboolean
parse_incoming (JsonNode  *node,
                guint      index,
                JgBatchRecord  *in,
                GArray    *fields,
                char     **message)
{
  JsonObject *o;
  JsonNode *n;
  const char *s;

  memset (in, 0, sizeof *in);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *message = g_strdup_printf ("records[%u] is not an object", index);
      return FALSE;
    }
  o = json_node_get_object (node);

  if (!string_member (o, "uuid", &in->uuid) || !g_uuid_string_is_valid (in->uuid))
    {
      *message = g_strdup_printf ("records[%u] has no valid \"uuid\"", index);
      return FALSE;
    }
  n = json_object_get_member (o, "revision");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64
      || json_node_get_int (n) < 1 || json_node_get_int (n) > G_MAXUINT)
    {
      *message = g_strdup_printf ("records[%u] has no valid \"revision\" (an integer ≥ 1)", index);
      return FALSE;
    }
  in->revision = json_node_get_int (n);
  if (!string_member (o, "op", &s) || strlen (s) != 1 || strchr ("iud", s[0]) == NULL)
    {
      *message = g_strdup_printf ("records[%u] has no valid \"op\" (\"i\", \"u\" or \"d\")", index);
      return FALSE;
    }
  in->op = s[0];
  if (!string_member (o, "kind", &s) || !jg_record_kind_from_string (s, &in->kind))
    {
      *message = g_strdup_printf ("records[%u] has no valid \"kind\"", index);
      return FALSE;
    }
  if (!string_member (o, "department", &in->department) || *in->department == '\0')
    {
      *message = g_strdup_printf ("records[%u] has no \"department\"", index);
      return FALSE;
    }
  in->first_field = fields->len;
  n = json_object_get_member (o, "fields");
  if (n != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      FieldCheck check = { index, NULL, fields };

      if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          *message = g_strdup_printf ("records[%u].fields is not an object", index);
          return FALSE;
        }
      json_object_foreach_member (json_node_get_object (n), check_field, &check);
      if (check.message != NULL)
        {
          *message = check.message;
          return FALSE;
        }
    }
  in->n_fields = fields->len - in->first_field;
  return TRUE;
}

gboolean
jg_server_batch_parse_reference (JsonParser  *parser,
                                 const char  *body,
                                 gsize        length,
                                 guint        max_records,
                                 JgBatch     *batch,
                                 char       **message)
{
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root, *records_node;
  JsonObject *root_object;
  JsonArray *records;
  guint n;

  /* json-glib recurses: nothing deeper than a batch may reach it. */
  if (!jg_server_json_check (body, length, message))
    return FALSE;
  if (!json_parser_load_from_data (parser, body, length, &parse_error))
    {
      *message = g_strdup_printf ("The body is not JSON: %s", parse_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *message = g_strdup ("The body is not a JSON object");
      return FALSE;
    }
  root_object = json_node_get_object (root);
  if (!string_member (root_object, "batch", &batch->name) || *batch->name == '\0'
      || strlen (batch->name) > JG_BATCH_MAX_NAME)
    {
      *message = g_strdup_printf ("\"batch\" must be a string of 1 to %d characters",
                                  JG_BATCH_MAX_NAME);
      return FALSE;
    }
  records_node = json_object_get_member (root_object, "records");
  if (records_node == NULL || !JSON_NODE_HOLDS_ARRAY (records_node))
    {
      *message = g_strdup ("\"records\" must be an array");
      return FALSE;
    }
  records = json_node_get_array (records_node);
  n = json_array_get_length (records);
  if (n > max_records)
    {
      *message = g_strdup_printf ("A batch holds at most %u records, not %u",
                                  max_records, n);
      return FALSE;
    }
  g_array_set_size (batch->records, n);
  for (guint i = 0; i < n; i++)
    if (!parse_incoming (json_array_get_element (records, i), i,
                         &g_array_index (batch->records, JgBatchRecord, i), batch->fields, message))
      return FALSE;
  return TRUE;
}
