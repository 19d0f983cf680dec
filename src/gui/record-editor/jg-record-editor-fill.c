/* jg-record-editor-fill.c — what the record editor fills in by itself
 *
 * The record's department is the implementing body (实施机构, its name from
 * the catalogue's department table, its code the department's) and gives
 * the region (行政区划代码). Only empty fields are filled, and only in a
 * draft: an accepted record changed by the app alone would become a new
 * revision. The officers' certificate numbers follow the officers chosen
 * (jg-field-officers.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-catalogue.h"
#include "jg-record-editor-private.h"

static void
fill (JgRecordEditor *self,
      const char     *key,
      const char     *value)
{
  const JgFieldSpec *spec = jg_record_field_lookup (jg_record_get_kind (self->record), key);
  JgFieldRow *f = spec != NULL ? jg_record_editor_find_field_by_header (self, spec->header) : NULL;

  if (f != NULL && value != NULL)
    jg_field_row_fill (f, value, NULL);
}

void
jg_record_editor_fill_department (JgRecordEditor *self)
{
  const char *department = jg_record_get_department (self->record);
  g_autofree char *name = NULL;

  if (department == NULL || jg_record_get_state (self->record) != JG_RECORD_STATE_DRAFT)
    return;

  name = jg_catalogue_department_name_sync (self->store, department);
  /* A department the catalogue does not know names nothing. */
  if (name == NULL)
    return;
  fill (self, "impl_body", name);
  fill (self, "impl_body_code", department);
  fill (self, "region", self->region);
}
