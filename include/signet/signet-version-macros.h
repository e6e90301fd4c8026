/* signet-version-macros.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#define SIGNET_AVAILABLE_IN_ALL extern __attribute__((visibility ("default")))
