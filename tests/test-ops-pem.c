/* test-ops-pem.c: public keys for new signers from PEM text, with docker's headers.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-error.h"
#include "signet-ops-private.h"

/* docker trust key generate NAME writes NAME.pub with a "role: NAME" header: every name
 * must parse (OpenSSL alone refused most of them). */
static void
test_role_header (void)
{
  const char *names[] = { "ci", "dave", "alice", "bob2", "release-bot", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = 0; j < 20; j++)
      {
        g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
        g_autofree char *pem = _signet_private_key_public_pem (key, names[i]);
        g_autoptr(GError) error = NULL;
        SignetPublicKey *pub;

        g_assert_nonnull (strstr (pem, "role: "));
        pub = _signet_ops_public_key_from_pem (pem, strlen (pem), &error);
        g_assert_no_error (error);
        g_assert_cmpstr (_signet_public_key_get_canonical_id (pub), ==, _signet_private_key_get_id (key));
        _signet_public_key_unref (pub);
      }
}

static void
test_no_header_and_garbage (void)
{
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autofree char *pem = _signet_private_key_public_pem (key, NULL);
  const char *bad = "-----BEGIN PUBLIC KEY-----\nrole: x\n\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n";
  g_autoptr(GError) error = NULL;
  SignetPublicKey *pub;

  pub = _signet_ops_public_key_from_pem (pem, strlen (pem), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_public_key_get_canonical_id (pub), ==, _signet_private_key_get_id (key));
  _signet_public_key_unref (pub);

  g_assert_null (_signet_ops_public_key_from_pem (bad, strlen (bad), &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/ops-pem/role-header", test_role_header);
  g_test_add_func ("/Signet/Unit/ops-pem/no-header-and-garbage", test_no_header_and_garbage);

  return g_test_run ();
}
