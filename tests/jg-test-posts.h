/* jg-test-posts.h — valid posts of both columns, for the tests
 *
 * Each is valid on JG_TEST_POST_TODAY (jg_post_validate gives no issue):
 * a test breaks one thing and looks for the one issue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post.h"

G_BEGIN_DECLS

#define JG_TEST_POST_TODAY "2024-06-01"
/* A valid unified social credit code of a company. */
#define JG_TEST_ORG_CODE "91440300708461136T"
/* The SHA-256 of the one image of jg_test_post_dynamics()'s body. */
#define JG_TEST_IMAGE_HASH "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

/* A resident ID number (445202…) born on @birth (YYYYMMDD), check digit right. */
char    *jg_test_id_number            (const char         *birth);
/* A valid credit code of a government body (机关, "11…"). */
char    *jg_test_authority_code       (void);

/* Key/value pairs, NULL-terminated: the fields of jg_test_post_dynamics(). */
extern const char * const jg_test_post_dynamics_values[];
void     jg_test_post_set_all         (JgPost             *post,
                                       const char * const *values);

/* Drafts of department "D1": a 监管动态 post with one image and tags; an
 * 曝光台 post of a company fined 0.5 万元 on 2024-03-20; the same of a
 * natural person, masked (张某, 445202********1234). */
JgPost  *jg_test_post_dynamics        (void);
JgPost  *jg_test_post_exposure        (void);
JgPost  *jg_test_post_person_exposure (void);

G_END_DECLS
