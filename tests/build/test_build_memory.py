"""What a build holds in memory when: the registry's enriched site is freed before the output is swapped in.

The swap-in lists the old and new output trees (a file's path, size and inode each: hundreds of MB at
100,000 organizations). Were the site (every enriched record, event and row) still alive then, the two
would add up to the build's peak; freed once the pages are written, its memory is reused by the swap.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.build.test_staging import NO_HISTORY, ROOT, SITE_FIXTURE

PROBE = """
import gc, json, sys
from datetime import date
import certreg.build.staging as staging
from certreg.enrich.site import Site

seen = {}
swap_in = staging.swap_in

def counting_swap_in(*args, **kwargs):
    # Without a collection: what reference counting alone has freed by then.
    seen["sites"] = sum(1 for item in gc.get_objects() if isinstance(item, Site))
    return swap_in(*args, **kwargs)

staging.swap_in = counting_swap_in
overrides = json.loads(sys.argv[3])
staging.build_site(sys.argv[1], sys.argv[2], date(2026, 11, 26), overrides, cache_dir=None)
gc.collect()
seen["after"] = sum(1 for item in gc.get_objects() if isinstance(item, Site))
print(json.dumps(seen))
"""


def test_no_site_is_alive_when_the_output_is_swapped_in_or_after_the_build(tmp_path: Path) -> None:
    output = tmp_path / "output"
    command = [sys.executable, "-c", PROBE, str(SITE_FIXTURE), str(output), json.dumps(NO_HISTORY)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    seen = json.loads(result.stdout.splitlines()[-1])
    assert (output / "index.html").is_file()
    assert seen == {"sites": 0, "after": 0}
