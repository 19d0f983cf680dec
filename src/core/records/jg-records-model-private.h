/* jg-records-model-private.h — for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-records-model.h"

G_BEGIN_DECLS

#define JG_RECORDS_MODEL_PAGE_SIZE 64
#define JG_RECORDS_MODEL_MAX_PAGES 4

/* How many pages of rows the model holds now (≤ JG_RECORDS_MODEL_MAX_PAGES). */
guint jg_records_model_get_n_cached_pages (JgRecordsModel *self);

G_END_DECLS
