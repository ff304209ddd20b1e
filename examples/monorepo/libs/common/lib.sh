#!/bin/sh
# Shared helpers.
slugify() { echo "$1" | tr 'A-Z ' 'a-z-'; }
