/* jg-sub-item.c — one sub-item (子项) of the supervision catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-sub-item.h"

struct _JgSubItem
{
  GObject     parent_instance;
  const char *fields[JG_SUB_ITEM_N_FIELDS];  /* in text, or NULL */
  char       *text;                          /* every field, one block */
  gint64      row_id;
};

G_DEFINE_FINAL_TYPE (JgSubItem, jg_sub_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (JgItemAvailability, jg_item_availability,
  G_DEFINE_ENUM_VALUE (JG_ITEM_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (JG_ITEM_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (JG_ITEM_SUSPENDED, "suspended"),
  G_DEFINE_ENUM_VALUE (JG_ITEM_EXPIRED, "expired"),
  G_DEFINE_ENUM_VALUE (JG_ITEM_NOT_YET_EFFECTIVE, "not-yet-effective"))

/* Property names, in JgSubItemField order. */
static const char * const field_names[JG_SUB_ITEM_N_FIELDS] = {
  "code", "name", "main-code", "main-name", "department-code",
  "department-name", "objects", "form", "action-type", "action-type-name",
  "legal-basis", "method", "process", "result", "level", "level-name",
  "status", "status-name", "effective-date", "cancel-date",
};

enum {
  PROP_0,
  /* 1 .. JG_SUB_ITEM_N_FIELDS: the fields */
  PROP_AVAILABILITY = JG_SUB_ITEM_N_FIELDS + 1,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
jg_sub_item_finalize (GObject *object)
{
  JgSubItem *self = JG_SUB_ITEM (object);

  g_free (self->text);

  G_OBJECT_CLASS (jg_sub_item_parent_class)->finalize (object);
}

static void
jg_sub_item_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  JgSubItem *self = JG_SUB_ITEM (object);

  if (prop_id >= 1 && prop_id <= JG_SUB_ITEM_N_FIELDS)
    g_value_set_string (value, self->fields[prop_id - 1]);
  else if (prop_id == PROP_AVAILABILITY)
    g_value_set_enum (value, jg_sub_item_get_availability (self, NULL));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
jg_sub_item_class_init (JgSubItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jg_sub_item_finalize;
  object_class->get_property = jg_sub_item_get_property;

  for (guint i = 0; i < JG_SUB_ITEM_N_FIELDS; i++)
    properties[i + 1] = g_param_spec_string (field_names[i], NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_AVAILABILITY] =
    g_param_spec_enum ("availability", NULL, NULL,
                       JG_TYPE_ITEM_AVAILABILITY, JG_ITEM_ACTIVE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jg_sub_item_init (JgSubItem *self)
{
}

JgSubItem *
jg_sub_item_new (const char * const *values,
                 gint64              row_id)
{
  JgSubItem *self = g_object_new (JG_TYPE_SUB_ITEM, NULL);
  gsize lengths[JG_SUB_ITEM_N_FIELDS];
  gsize size = 0;
  char *p;

  /* One allocation for the twenty strings, not twenty: a search makes up to
   * 200 items per keystroke, and their allocations were most of what it
   * added over the bare SQL. */
  for (guint i = 0; i < JG_SUB_ITEM_N_FIELDS; i++)
    size += lengths[i] = values[i] ? strlen (values[i]) + 1 : 0;
  p = self->text = g_malloc (MAX (size, 1));
  for (guint i = 0; i < JG_SUB_ITEM_N_FIELDS; i++)
    if (values[i] != NULL)
      {
        self->fields[i] = memcpy (p, values[i], lengths[i]);
        p += lengths[i];
      }
  self->row_id = row_id;

  return self;
}

const char *
jg_sub_item_get_field (JgSubItem      *self,
                       JgSubItemField  field)
{
  g_return_val_if_fail (JG_IS_SUB_ITEM (self), NULL);
  g_return_val_if_fail (field < JG_SUB_ITEM_N_FIELDS, NULL);

  return self->fields[field];
}

const char *
jg_sub_item_get_code (JgSubItem *self)
{
  return jg_sub_item_get_field (self, JG_SUB_ITEM_CODE);
}

const char *
jg_sub_item_get_name (JgSubItem *self)
{
  return jg_sub_item_get_field (self, JG_SUB_ITEM_NAME);
}

const char *
jg_sub_item_get_department_name (JgSubItem *self)
{
  return jg_sub_item_get_field (self, JG_SUB_ITEM_DEPARTMENT_NAME);
}

gint64
jg_sub_item_get_row_id (JgSubItem *self)
{
  g_return_val_if_fail (JG_IS_SUB_ITEM (self), 0);

  return self->row_id;
}

JgItemAvailability
jg_sub_item_get_availability (JgSubItem  *self,
                              const char *today)
{
  g_autofree char *local_today = NULL;
  const char *status;
  const char *effective;
  const char *cancel;

  g_return_val_if_fail (JG_IS_SUB_ITEM (self), JG_ITEM_ACTIVE);

  if (today == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      today = local_today = g_date_time_format (now, "%Y-%m-%d");
    }

  status = self->fields[JG_SUB_ITEM_STATUS];
  effective = self->fields[JG_SUB_ITEM_EFFECTIVE_DATE];
  cancel = self->fields[JG_SUB_ITEM_CANCEL_DATE];

  /* ISO dates compare correctly as strings. */
  if (g_strcmp0 (status, "02") == 0)
    return JG_ITEM_CANCELLED;
  if (g_strcmp0 (status, "03") == 0 || g_strcmp0 (status, "99") == 0)
    return JG_ITEM_SUSPENDED;
  if (cancel != NULL && *cancel != '\0' && strcmp (cancel, today) <= 0)
    return JG_ITEM_EXPIRED;
  if (effective != NULL && *effective != '\0' && strcmp (effective, today) > 0)
    return JG_ITEM_NOT_YET_EFFECTIVE;

  return JG_ITEM_ACTIVE;
}

const char *
jg_item_availability_to_label (JgItemAvailability availability)
{
  switch (availability)
    {
    case JG_ITEM_CANCELLED:
      return _("Cancelled");
    case JG_ITEM_SUSPENDED:
      return _("Suspended");
    case JG_ITEM_EXPIRED:
      return _("Expired");
    case JG_ITEM_NOT_YET_EFFECTIVE:
      return _("Not yet effective");
    case JG_ITEM_ACTIVE:
    default:
      return NULL;
    }
}
