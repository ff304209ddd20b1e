#!/bin/sh
# The Acme API (a stand-in service): answers /healthz.
echo "HTTP/1.1 200 OK"
echo
echo "ok"
