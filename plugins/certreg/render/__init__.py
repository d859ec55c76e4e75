"""Stage 4, render: Pelican's generator and every file it writes, each only formatting `Site`.

- `generator`: the Pelican generator and its Jinja filters;
- `outputs`: the one table of outputs the generator loops over (pages, files, what keys them);
- `listings`, `structured_data`: list pages, JSON-LD, sitemap and robots.txt;
- `search/`: the sharded lunr index;
- `opendata/`: JSON, CSV, OpenAPI and the Data Package;
- `follow/`: feeds, calendars, badges, QR codes and the daily change files;
- `list_check`: the lookup files of the supplier-list check.
"""
