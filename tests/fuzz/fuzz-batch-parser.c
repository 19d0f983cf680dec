/* fuzz-batch-parser.c — differential libFuzzer target for the batch reader
 *
 * jg_server_batch_parse() may only vouch for a POST /api/v1/records body
 * that json-glib reads identically (see src/server/jg-server-batch-parser.h).
 * For every input that it accepts, this target reads the same bytes with
 * the server's reference reader, jg_server_batch_parse_reference()
 * (json-glib and the shape rules whose 400 messages clients get), and
 * aborts unless it accepts the body too and the two batches are the same: the
 * batch name and, record by record, uuid, revision, op, kind, department
 * and the fields as an ordered list of key/value pairs. When the fast
 * reader declines, it only checks the batch was emptied.
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"), or
 * `jianguan-bench fuzz --target batch-parser`.
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
compare (const JgBatch *fast,
         const JgBatch *slow,
         gsize          length)
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
      g_autofree char *message = NULL;
      g_auto(JgBatch) slow = { 0, };

      memcpy (copy, data, size);
      copy[size] = '\0';
      jg_server_batch_init (&slow);
      if (!jg_server_batch_parse_reference (parser, copy, size, MAX_RECORDS, &slow, &message))
        {
          /* abort(), not g_error(): libFuzzer saves the input on SIGABRT
           * but not on g_error()'s SIGTRAP. */
          g_printerr ("the fast reader accepted a body json-glib refuses (%s): %.*s\n",
                      message, (int) MIN (size, 512), copy);
          abort ();
        }
      compare (&fast, &slow, size);
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
