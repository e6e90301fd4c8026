/* signet-secret.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "signet-secret.h"

struct _SignetSecret
{
  gatomicrefcount ref_count;
  gsize           len;
  char           *data;  /* len + 1 bytes, secure heap */
};

G_DEFINE_BOXED_TYPE (SignetSecret, signet_secret, signet_secret_ref, signet_secret_unref)

static void
ensure_secure_heap (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* 64 KiB of locked memory; without it OpenSSL falls back to the normal heap
       * (the data is still wiped on free). */
      if (!CRYPTO_secure_malloc_initialized ())
        CRYPTO_secure_malloc_init (64 * 1024, 32);
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * signet_secret_new_sized:
 * @len: the length
 *
 * A secret of @len zero bytes, to fill through signet_secret_get_data() before it
 * is shared.
 */
SignetSecret *
signet_secret_new_sized (gsize len)
{
  SignetSecret *self;

  ensure_secure_heap ();

  self = g_new0 (SignetSecret, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->len = len;
  self->data = OPENSSL_secure_zalloc (len + 1);
  if (self->data == NULL)
    g_error ("Out of secure memory allocating %" G_GSIZE_FORMAT " bytes", len + 1);

  return self;
}

/**
 * signet_secret_new:
 * @data: (array length=len): the secret bytes
 * @len: their length, or -1 if @data is NUL-terminated
 *
 * Copies @data into a new secret.
 */
SignetSecret *
signet_secret_new (const char *data,
                   gssize      len)
{
  SignetSecret *self;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (data);

  self = signet_secret_new_sized (len);
  if (len > 0)
    memcpy (self->data, data, len);

  return self;
}

SignetSecret *
signet_secret_ref (SignetSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
signet_secret_unref (SignetSecret *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      OPENSSL_secure_clear_free (self->data, self->len + 1);
      g_free (self);
    }
}

/**
 * signet_secret_get:
 * @self: a secret
 * @len: (out) (optional): its length
 *
 * Returns: the bytes, followed by a NUL byte. Do not copy them into ordinary memory.
 */
const char *
signet_secret_get (SignetSecret *self,
                   gsize        *len)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (len != NULL)
    *len = self->len;
  return self->data;
}

/* Writable access, only while the secret is not yet shared. */
char *
signet_secret_get_data (SignetSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

gsize
signet_secret_get_length (SignetSecret *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->len;
}

gboolean
signet_secret_is_empty (SignetSecret *self)
{
  return self == NULL || self->len == 0;
}

/* Constant-time for equal lengths. */
gboolean
signet_secret_equal (SignetSecret *a,
                     SignetSecret *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  return CRYPTO_memcmp (a->data, b->data, a->len) == 0;
}
