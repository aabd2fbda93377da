"""A pytest plugin: the tests as on a Python built without libzstd.

Home Assistant's container runs such a Python: its texts are packed with zlib. Loaded
with `-p tests.without_zstd` (scripts/test's second run), before the integration is
imported, it makes `from compression import zstd` fail as it fails there.
"""

import compression
import sys

sys.modules["compression.zstd"] = None  # type: ignore[assignment]
if hasattr(compression, "zstd"):
    del compression.zstd
