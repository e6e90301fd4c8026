/* signet.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define SIGNET_INSIDE
# include "signet-version-macros.h"
# include "signet-version.h"
# include "signet-error.h"
# include "signet-reference.h"
# include "signet-remote.h"
# include "signet-repository.h"
# include "signet-trust-summary.h"
# include "signet-secret.h"
# include "signet-audit.h"
# include "signet-ops.h"
# include "signet-expiry.h"
# include "signet-signatures.h"
# include "signet-migrate.h"
#undef SIGNET_INSIDE
