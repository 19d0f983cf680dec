/* jg-impl-entry.c — one entry of the implementation list (检查实施清单)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-impl-entry.h"

struct _JgImplEntry
{
  GObject  parent_instance;
  char    *fields[JG_IMPL_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (JgImplEntry, jg_impl_entry, G_TYPE_OBJECT)

static const char * const field_names[JG_IMPL_N_FIELDS] = {
  "code", "subitem", "region", "region-name", "body-name", "body-code",
  "body-nature", "body-nature-name", "delegated-name", "delegated-code",
  "level", "level-name", "objects", "check-category", "check-category-name",
  "random-check", "proportion", "frequency", "content",
};

static GParamSpec *properties[JG_IMPL_N_FIELDS + 1];

static void
jg_impl_entry_finalize (GObject *object)
{
  JgImplEntry *self = JG_IMPL_ENTRY (object);

  for (guint i = 0; i < JG_IMPL_N_FIELDS; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (jg_impl_entry_parent_class)->finalize (object);
}

static void
jg_impl_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  JgImplEntry *self = JG_IMPL_ENTRY (object);

  if (prop_id >= 1 && prop_id <= JG_IMPL_N_FIELDS)
    g_value_set_string (value, self->fields[prop_id - 1]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
jg_impl_entry_class_init (JgImplEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jg_impl_entry_finalize;
  object_class->get_property = jg_impl_entry_get_property;

  for (guint i = 0; i < JG_IMPL_N_FIELDS; i++)
    properties[i + 1] = g_param_spec_string (field_names[i], NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, JG_IMPL_N_FIELDS + 1, properties);
}

static void
jg_impl_entry_init (JgImplEntry *self)
{
}

JgImplEntry *
jg_impl_entry_new (const char * const *values)
{
  JgImplEntry *self = g_object_new (JG_TYPE_IMPL_ENTRY, NULL);

  for (guint i = 0; i < JG_IMPL_N_FIELDS; i++)
    self->fields[i] = g_strdup (values[i]);

  return self;
}

const char *
jg_impl_entry_get_field (JgImplEntry *self,
                         JgImplField  field)
{
  g_return_val_if_fail (JG_IS_IMPL_ENTRY (self), NULL);
  g_return_val_if_fail (field < JG_IMPL_N_FIELDS, NULL);

  return self->fields[field];
}

gboolean
jg_impl_entry_get_random_check (JgImplEntry *self)
{
  return g_strcmp0 (jg_impl_entry_get_field (self, JG_IMPL_RANDOM_CHECK), "1") == 0;
}
