/* signet-error.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <glib.h>

#include "signet-version-macros.h"

G_BEGIN_DECLS

#define SIGNET_ERROR (signet_error_quark ())

/**
 * SignetError:
 *
 * Errors of libsignet. The values are stable: never renumber them, only append.
 */
typedef enum
{
  SIGNET_ERROR_FAILED = 0,          /* anything not covered below */
  SIGNET_ERROR_INVALID_ARGUMENT = 1,/* bad input from the caller or the user */
  SIGNET_ERROR_MALFORMED = 2,       /* data that does not parse as what it must be */
  SIGNET_ERROR_CRYPTO = 3,          /* an OpenSSL operation failed */
  SIGNET_ERROR_BAD_SIGNATURE = 4,   /* a signature does not verify or a threshold is not met */
  SIGNET_ERROR_EXPIRED = 5,         /* metadata or a certificate is past its expiry */
  SIGNET_ERROR_ROLLBACK = 6,        /* a version older than the trusted one */
  SIGNET_ERROR_HASH_MISMATCH = 7,   /* length or hash differs from what a parent role says */
  SIGNET_ERROR_TOO_LARGE = 8,       /* a response or file over its size limit */
  SIGNET_ERROR_NOT_FOUND = 9,       /* no such repository, role, tag or key */
  SIGNET_ERROR_UNREACHABLE = 10,    /* the server cannot be reached */
  SIGNET_ERROR_AUTH = 11,           /* authentication was refused or is missing */
  SIGNET_ERROR_SERVER = 12,         /* the server answered with an error */
  SIGNET_ERROR_BAD_CERTIFICATE = 13,/* a root certificate fails its checks */
  SIGNET_ERROR_UNSAFE_PATH = 14,    /* a name that would escape the trust directory */
  SIGNET_ERROR_EXISTS = 15,         /* refusing to overwrite something that exists */
  SIGNET_ERROR_BAD_PASSPHRASE = 16, /* the passphrase does not decrypt the key */
  SIGNET_ERROR_PERMISSIONS = 17,    /* a file has unsafe permissions */
  SIGNET_ERROR_CANCELLED = 18,      /* the user declined */
  SIGNET_ERROR_CONFLICT = 19,       /* the server state moved while publishing */
} SignetError;

SIGNET_AVAILABLE_IN_ALL
GQuark signet_error_quark (void);

G_END_DECLS
