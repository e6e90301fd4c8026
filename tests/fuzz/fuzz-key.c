/* fuzz-key.c: libFuzzer target for public keys read from KEY JSON
 * ({"keytype":…,"keyval":{"private":null,"public":…}}).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "signet-error.h"
#include "signet-crypto-private.h"
#include "signet-json-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const char *methods[] = { "ecdsa", "rsapss", "eddsa", "rsapkcs1v15",
                                   "pycrypto-pkcs#1 pss", "bogus" };
  static const guint8 msg[] = "{\"_type\":\"Root\",\"version\":1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(SignetPublicKey) key = NULL;
  g_autoptr(SignetPublicKey) again = NULL;
  g_autofree char *id = NULL;
  gint64 nb, na;
  guint i;

  node = _signet_json_parse (data, size, "fuzz key", &error);
  if (node == NULL)
    return 0;

  key = _signet_public_key_new_from_json (node, &error);
  if (key == NULL)
    {
      if (error == NULL || error->domain != SIGNET_ERROR)
        abort ();
      return 0;
    }

  /* The ID is a function of keytype and public only, and survives a round trip. */
  id = _signet_key_id_compute (_signet_public_key_get_keytype (key),
                               _signet_public_key_get_public_b64 (key));
  if (strcmp (id, _signet_public_key_get_id (key)) != 0 ||
      strlen (_signet_public_key_get_canonical_id (key)) != 64)
    abort ();
  json = _signet_public_key_to_json (key);
  again = _signet_public_key_new_from_json (json, &error);
  if (again == NULL || strcmp (_signet_public_key_get_id (again), id) != 0)
    abort ();

  (void) _signet_public_key_get_cert_validity (key, &nb, &na);
  (void) _signet_public_key_check_root_cert (key, "example.com/app", 1800000000, NULL);

  /* Signature checks over junk must fail cleanly. */
  for (i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      if (_signet_public_key_verify (key, methods[i], msg, sizeof msg - 1, data,
                                     MIN (size, 512), NULL))
        abort ();
    }

  return 0;
}
