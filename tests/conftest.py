"""Test-session settings: the parse cache of every run the tests start lives in a temporary
folder, never in the user's own cache (tests that are about the cache set their own folder)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_CACHE = tempfile.mkdtemp(prefix="ekslint-test-cache-")
os.environ["EKSLINT_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
