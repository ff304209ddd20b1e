"""Shared pytest set-up: the server fixtures (fixtures.py) for every test module."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

try:
    from fixtures import *  # noqa: F401,F403  (nats_server, postgres_server, registry_server, git_repository)
except ImportError:  # fixtures.py arrives with the integration harness
    pass
