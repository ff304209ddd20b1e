#!/bin/sh
# The Acme worker (a stand-in): processes one job and exits.
echo "worker: processed"
