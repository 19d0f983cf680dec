/* jg-code.c — one entry of a code table, or a department, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-code.h"

struct _JgCode
{
  GObject  parent_instance;
  char    *table;
  char    *code;
  char    *name;
};

G_DEFINE_FINAL_TYPE (JgCode, jg_code, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_CODE,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
jg_code_finalize (GObject *object)
{
  JgCode *self = JG_CODE (object);

  g_free (self->table);
  g_free (self->code);
  g_free (self->name);

  G_OBJECT_CLASS (jg_code_parent_class)->finalize (object);
}

static void
jg_code_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  JgCode *self = JG_CODE (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_code_class_init (JgCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jg_code_finalize;
  object_class->get_property = jg_code_get_property;

  properties[PROP_TABLE] = g_param_spec_string ("table", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jg_code_init (JgCode *self)
{
}

JgCode *
jg_code_new (const char *table,
             const char *code,
             const char *name)
{
  JgCode *self = g_object_new (JG_TYPE_CODE, NULL);

  self->table = g_strdup (table);
  self->code = g_strdup (code);
  self->name = g_strdup (name);

  return self;
}

const char *
jg_code_get_table (JgCode *self)
{
  g_return_val_if_fail (JG_IS_CODE (self), NULL);
  return self->table;
}

const char *
jg_code_get_code (JgCode *self)
{
  g_return_val_if_fail (JG_IS_CODE (self), NULL);
  return self->code;
}

const char *
jg_code_get_name (JgCode *self)
{
  g_return_val_if_fail (JG_IS_CODE (self), NULL);
  return self->name;
}
