#!/usr/bin/env python3
# cli-tamper-proxy.py - a TLS proxy on 127.0.0.1 in front of the testbed's notary-server that
# serves deliberately broken trust data (for tests/test-cli-interop.sh).
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   cli-tamper-proxy.py UPSTREAM_URL CA CERT KEY RULES PORTFILE
#
# RULES is read on every request; each line is "REGEX<TAB>ACTION" matched against the
# request path: ACTION "flip" changes one byte inside the "signed" part of the upstream body,
# "file:PATH" serves PATH instead, "404" answers Not Found. Other requests pass through.
import http.server
import re
import ssl
import sys
import urllib.error
import urllib.request

upstream, ca, cert, key, rules_path, port_file = sys.argv[1:7]
up_ctx = ssl.create_default_context(cafile=ca)


def rules():
    try:
        with open(rules_path) as f:
            return [l.rstrip("\n").split("\t", 1) for l in f if "\t" in l]
    except FileNotFoundError:
        return []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        action = None
        for regex, act in rules():
            if re.search(regex, self.path):
                action = act
                break
        if action == "404":
            return self.send(404, b'{"errors":[{"code":"METADATA_NOT_FOUND","message":"not found"}]}')
        if action is not None and action.startswith("file:"):
            with open(action[5:], "rb") as f:
                return self.send(200, f.read())
        req = urllib.request.Request(upstream + self.path)
        if self.headers.get("Authorization"):
            req.add_header("Authorization", self.headers["Authorization"])
        try:
            with urllib.request.urlopen(req, context=up_ctx, timeout=20) as r:
                status, body, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, body, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
        if action == "flip" and status == 200:
            i = body.find(b'"expires":"') + len(b'"expires":"') + 3
            b = bytearray(body)
            b[i] = ord("1") if b[i] != ord("1") else ord("2")
            body = bytes(b)
        self.send(status, body, ctype)

    do_HEAD = do_GET


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
