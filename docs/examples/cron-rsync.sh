#!/usr/bin/env bash
# Rebuild certreg from the latest main and publish it to any web server over rsync.
# Run it daily from cron (as an unprivileged user that owns the checkout), for example:
#   23 3 * * *  /srv/certreg/docs/examples/cron-rsync.sh >>/var/log/certreg-build.log 2>&1
# Settings (environment): CERTREG_DIR (the git checkout), CERTREG_TARGET (rsync destination,
# e.g. deploy@web.example:/var/www/certreg/), CERTREG_BRANCH (default main).
# The web server must send the headers of content/extra/_headers itself (nginx: add_header).
set -euo pipefail

dir="${CERTREG_DIR:?set CERTREG_DIR to the certreg checkout}"
target="${CERTREG_TARGET:?set CERTREG_TARGET to the rsync destination}"
branch="${CERTREG_BRANCH:-main}"
today="$(date -u +%F)"

cd "$dir"
exec 9>.cron-build.lock
flock -n 9 || { echo "certreg: another build is running" >&2; exit 0; }

git fetch --quiet origin "$branch"
git checkout --quiet --detach "origin/$branch"
make .venv/bin/certreg
.venv/bin/certreg validate --today "$today"
# A failed build stops here (set -e) and the published site stays as it was.
make html TODAY="$today" OUTPUT=output
rsync -a --delete --delay-updates output/ "$target"
echo "certreg: published $(git rev-parse --short HEAD) built for $today to $target"
