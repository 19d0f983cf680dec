/* jg-bench-posts-text.h — `jianguan-bench posts-text` (jg-bench-posts-text.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int jg_bench_posts_text (int    argc,
                         char **argv);
