"""The pages of each further language of a site of several languages (render/languages.py).

After the default language's outputs are written, `write_languages` renders every output's pages again
for each other language, under its folder, from that language's `Site` and Jinja environment: the
generator's site, follow links, list pages, context and environment are swapped for the language and
put back afterwards. Only pages, the language's `build.json` and its search labels are written: data files (open data,
indexes, feeds, calendars, badges, sitemap) stay the default language's, shared by every language.
Language pages go through the page cache like the default language's: keyed by their inputs, their
language links and their language's catalogs (`PageCache.language`), so an unchanged page is neither
rendered nor written, and the many pages are written by the forked writers.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from certreg.build.template_cache import build_cache_dir
from certreg.core.i18n import N_, Translator
from certreg.core.progress import PAGES
from certreg.enrich.status import STATUS_TABLE
from certreg.render.follow.follow import Follow
from certreg.render.languages import Language, language_environment, page_address
from certreg.render.listings import listings
from certreg.render.outputs import BUILD_DATA, OUTPUTS, Page, build_data
from certreg.render.script_messages import script_messages_file, write_script_messages
from certreg.render.search.encoding import compact
from certreg.render.search.index import country_names

SEARCH_LABELS = "search/labels.json"  # under a further language's folder: read by search.js

# What the generator holds that differs from one language to the next.
SWAPPED = ("site", "siteurl", "list_pages", "follow", "context", "env", "_templates", "page_cache")


def write_languages(generator: Any, writer: Any, sites: dict[str, Any], translators: dict[str, Translator]) -> None:
    """Write each further language's pages and `build.json` under its folder, and its scripts' messages."""
    for language in generator.languages.others:
        tr, cache_dir = translators[language.code], build_cache_dir(generator.settings)
        write_script_messages(generator.output_path, tr, scripts_folder(generator), cache_dir)
        with language_state(generator, language, sites[language.code], translators[language.code]):
            write_language(generator, writer, language)


@contextmanager
def language_state(generator: Any, language: Language, site: Any, tr: Translator) -> Iterator[None]:
    """The generator set up for `language` while the block runs, then as it was."""
    saved = {name: getattr(generator, name) for name in SWAPPED}
    root = saved["siteurl"]
    pages_root = f"{root}/{language.code}"
    # shared theme/js/, named per language
    messages = script_messages_file(tr, scripts_folder(generator), build_cache_dir(generator.settings))[0]
    shared = {"SITEURL": pages_root, "ROOTURL": root, "LANGUAGE_ROOT": language.prefix, "SCRIPT_MESSAGES": messages}
    generator.site = site
    generator.siteurl = pages_root  # the address of this language's pages: canonical links, structured data
    generator.list_pages = list(listings(site, generator.page_size))
    generator.follow = Follow(site, {**generator.settings, "SITEURL": root})  # feeds and badges stay shared
    generator.context = {**saved["context"], "site": site, **shared}
    generator.env = language_environment(saved["env"], tr, shared)
    generator._templates = {}
    keyed = generator.page_cache.language(tr, site) if generator.page_cache else nullcontext()
    try:
        with keyed:
            yield
    finally:
        for name, value in saved.items():
            setattr(generator, name, value)


def scripts_folder(generator: Any) -> Path:
    """The theme's scripts, whose messages each language's pages name (render/script_messages.py)."""
    return Path(generator.settings["THEME"]) / "static" / "js"


def write_language(generator: Any, writer: Any, language: Language) -> None:
    """Every output's pages, the content pages and `build.json`, in one language."""
    for output in OUTPUTS:
        if output.forked:
            count = output.forked(generator)
            generator.progress.stage(N_("render ({language})"), count, PAGES, language=language.code)
            generator._write_forked(writer, generator.forked_pages([output], language), count)
            continue
        generator._write_pages(writer, generator.languages.pages(output.pages(generator), language))
    generator._write_pages(writer, content_pages(generator, language))
    data = json.dumps(build_data(generator.site), sort_keys=True, separators=(",", ":")) + "\n"
    labels = compact(search_labels(generator.site))
    generator._write_chunked([(language.prefix + BUILD_DATA, [data]), (language.prefix + SEARCH_LABELS, [labels])])


def search_labels(site: Any) -> dict[str, list[list[str]]]:
    """The shared search manifest's worded parts in `site`'s language: statuses (in its order) and countries."""
    worded = {status.id: status.label for status in site.statuses}
    return {
        "statuses": [[status.id, worded[status.id], status.slug] for status in STATUS_TABLE],
        "countries": [list(pair) for pair in country_names(site.organizations)],
    }


def content_pages(generator: Any, language: Language) -> Iterator[Page]:
    """The content pages (about/, …) in the interface of `language`; their text is the operator's, as written."""
    for page in generator.context.get("pages", []):
        own = copy.copy(page)
        own.languages = generator.languages.links(page_address(page.save_as), language)
        values = {"page": own, "content_lang": generator.languages.languages[0].code}
        # keyed by what page.html reads of the page, not the Pelican object (which holds the whole context)
        inputs = [own.title, own.slug, own.content, own.languages, values["content_lang"]]
        yield Page(language.prefix + page.save_as, page.template, lambda v=values: v, lambda i=inputs: i, tuple(values))
