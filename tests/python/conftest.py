"""Shared pytest set-up: the real-server fixtures (fixtures.py) for every test module."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from fixtures import *  # noqa: E402,F401,F403  (nats_server, postgres_server, registry_server, git_repository)
