/* fuzz-batch-parser.c — differential libFuzzer target for the batch reader
 *
 * jg_server_batch_parse() may only vouch for a POST /api/v1/records body
 * that json-glib reads identically (see src/server/jg-server-batch-parser.h).
 * For every input that it accepts, this target reads the same bytes with
 * json-glib, applies the server's shape rules to json-glib's tree (a copy
 * of parse_with_json_glib() and parse_incoming() in
 * src/server/jg-server-records.c: keep the two in step) and aborts unless
 * json-glib accepts the body too and the two batches are the same: the
 * batch name and, record by record, uuid, revision, op, kind, department
 * and the fields as an ordered list of key/value pairs. When the fast
 * reader declines, it only checks the batch was emptied.
 *
 * Build with clang for fuzzing (from tests/fuzz, after a meson build in
 * /tmp/b-fuzz for config.h):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *     -I../../src/server -I../../src/core -I/tmp/b-fuzz \
 *     fuzz-batch-parser.c ../../src/server/jg-server-batch-parser.c \
 *     ../../src/core/jg-record-schema.c \
 *     $(pkg-config --cflags --libs json-glib-1.0 yajl) -o /tmp/fuzz-batch-parser
 *   mkdir -p /tmp/corpus-batch && \
 *     /tmp/fuzz-batch-parser -max_total_time=600 -dict=batch.dict \
 *       /tmp/corpus-batch corpus-batch/
 * The meson build links the same target with fuzz-main.c, which replays
 * corpus-batch/ as a regular test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jg-server-batch-parser.h"

#define MAX_RECORDS 1000

/* The same batch, as json-glib reads it. */
typedef struct {
  const char *name;
  GArray     *records;   /* JgBatchRecord */
  GArray     *fields;    /* JgBatchField */
} SlowBatch;

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
  gboolean  failed;
  GArray   *fields;
} FieldCheck;

static void
check_field (JsonObject *object,
             const char *key,
             JsonNode   *v,
             gpointer    data)
{
  FieldCheck *check = data;

  if (check->failed)
    return;
  if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
    check->failed = TRUE;
  else
    {
      JgBatchField field = { key, json_node_get_string (v) };
      g_array_append_val (check->fields, field);
    }
}

/* parse_incoming() of jg-server-records.c, without the messages. */
static gboolean
slow_record (JsonNode      *node,
             JgBatchRecord *in,
             GArray        *fields)
{
  JsonObject *o;
  JsonNode *n;
  const char *s;

  memset (in, 0, sizeof *in);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  o = json_node_get_object (node);
  if (!string_member (o, "uuid", &in->uuid) || !g_uuid_string_is_valid (in->uuid))
    return FALSE;
  n = json_object_get_member (o, "revision");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64
      || json_node_get_int (n) < 1 || json_node_get_int (n) > G_MAXUINT)
    return FALSE;
  in->revision = json_node_get_int (n);
  if (!string_member (o, "op", &s) || strlen (s) != 1 || strchr ("iud", s[0]) == NULL)
    return FALSE;
  in->op = s[0];
  if (!string_member (o, "kind", &s) || !jg_record_kind_from_string (s, &in->kind))
    return FALSE;
  if (!string_member (o, "department", &in->department) || *in->department == '\0')
    return FALSE;
  in->first_field = fields->len;
  n = json_object_get_member (o, "fields");
  if (n != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      FieldCheck check = { FALSE, fields };

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return FALSE;
      json_object_foreach_member (json_node_get_object (n), check_field, &check);
      if (check.failed)
        return FALSE;
    }
  in->n_fields = fields->len - in->first_field;
  return TRUE;
}

/* parse_with_json_glib() of jg-server-records.c, without the messages. */
static gboolean
slow_parse (JsonParser *parser,
            const char *body,
            gsize       length,
            SlowBatch  *batch)
{
  JsonNode *root, *records_node;
  JsonObject *root_object;
  JsonArray *records;
  guint n;

  if (!json_parser_load_from_data (parser, body, length, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  root_object = json_node_get_object (root);
  if (!string_member (root_object, "batch", &batch->name) || *batch->name == '\0'
      || strlen (batch->name) > JG_BATCH_MAX_NAME)
    return FALSE;
  records_node = json_object_get_member (root_object, "records");
  if (records_node == NULL || !JSON_NODE_HOLDS_ARRAY (records_node))
    return FALSE;
  records = json_node_get_array (records_node);
  n = json_array_get_length (records);
  if (n > MAX_RECORDS)
    return FALSE;
  g_array_set_size (batch->records, n);
  for (guint i = 0; i < n; i++)
    if (!slow_record (json_array_get_element (records, i),
                      &g_array_index (batch->records, JgBatchRecord, i), batch->fields))
      return FALSE;
  return TRUE;
}

/* Every string of a fast batch lives in its arena (the body's size + 1). */
static void
assert_in_arena (const JgBatch *batch,
                 gsize          length,
                 const char    *s)
{
  g_assert_nonnull (s);
  g_assert_true (s >= batch->arena && s + strlen (s) < batch->arena + length + 1);
}

static void
compare (const JgBatch   *fast,
         const SlowBatch *slow,
         gsize            length)
{
  guint n_fields = 0;

  assert_in_arena (fast, length, fast->name);
  g_assert_cmpstr (fast->name, ==, slow->name);
  g_assert_cmpuint (fast->records->len, ==, slow->records->len);
  g_assert_cmpuint (fast->records->len, <=, MAX_RECORDS);

  for (guint i = 0; i < fast->records->len; i++)
    {
      const JgBatchRecord *a = &g_array_index (fast->records, JgBatchRecord, i);
      const JgBatchRecord *b = &g_array_index (slow->records, JgBatchRecord, i);

      assert_in_arena (fast, length, a->uuid);
      assert_in_arena (fast, length, a->department);
      g_assert_cmpstr (a->uuid, ==, b->uuid);
      g_assert_cmpint (a->revision, ==, b->revision);
      g_assert_cmpint (a->op, ==, b->op);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpstr (a->department, ==, b->department);
      g_assert_cmpuint (a->n_fields, ==, b->n_fields);
      if (a->n_fields > 0)
        {
          g_assert_cmpuint (a->first_field, ==, n_fields);
          g_assert_cmpuint (a->first_field + a->n_fields, <=, fast->fields->len);
        }
      for (guint j = 0; j < a->n_fields; j++)
        {
          const JgBatchField *fa = &g_array_index (fast->fields, JgBatchField, a->first_field + j);
          const JgBatchField *fb = &g_array_index (slow->fields, JgBatchField, b->first_field + j);

          assert_in_arena (fast, length, fa->key);
          assert_in_arena (fast, length, fa->value);
          g_assert_cmpstr (fa->key, ==, fb->key);
          g_assert_cmpstr (fa->value, ==, fb->value);
        }
      n_fields += a->n_fields;
    }
  g_assert_cmpuint (n_fields, ==, fast->fields->len);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(JgBatch) fast = { 0, };

  jg_server_batch_init (&fast);
  if (jg_server_batch_parse ((const char *) data, size, MAX_RECORDS, &fast))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *copy = g_malloc (size + 1);
      SlowBatch slow = { NULL, };

      memcpy (copy, data, size);
      copy[size] = '\0';
      slow.records = g_array_new (FALSE, FALSE, sizeof (JgBatchRecord));
      slow.fields = g_array_new (FALSE, FALSE, sizeof (JgBatchField));
      if (!slow_parse (parser, copy, size, &slow))
        {
          /* abort(), not g_error(): libFuzzer saves the input on SIGABRT
           * but not on g_error()'s SIGTRAP. */
          g_printerr ("the fast reader accepted a body json-glib refuses: %.*s\n",
                      (int) MIN (size, 512), copy);
          abort ();
        }
      compare (&fast, &slow, size);
      g_array_unref (slow.records);
      g_array_unref (slow.fields);
    }
  else
    {
      g_assert_cmpuint (fast.records->len, ==, 0);
      g_assert_cmpuint (fast.fields->len, ==, 0);
      g_assert_null (fast.arena);
      g_assert_null (fast.name);
    }
  return 0;
}
