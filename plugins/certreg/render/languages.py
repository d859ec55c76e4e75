"""Several languages in one site: the interface pages again under `/<lang>/`, every data file shared.

The LANGUAGES setting (`site.languages` in certreg.yaml) names languages beside the site's own
(DEFAULT_LANG). The default language's pages stay at `/`; each other language gets a copy of every
interface page under `/<lang>/` (home, lists, organization and certificate pages, search, the two
checks, the API page, the content pages, `404.html`), rendered from its own `Site` (statuses,
summaries, country names and events worded in that language, `enrich/pipeline.load_sites`) with its
own Jinja environment, and its own small `build.json` (the status table and script messages in that
language). Open data, the search and check indexes, feeds, calendars, badges, the sitemap and the
theme's files are written once, at the root, and every language's pages link to them (`ROOTURL` in
the templates; `SITEURL` is the root of the page's language).

Each page gets `languages`: a link to the same page in every language (the switcher and the
`hreflang` alternates), computed here; a build with one language passes none, so its output is the
same as without this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from certreg.core.i18n import SOURCE_LANGUAGE, Translator, parse_locale
from certreg.render.template_speed import speed_up

PAGE_FILE = "index.html"


class LanguagesError(ValueError):
    """The LANGUAGES setting names something that is not a language tag."""


@dataclass(frozen=True)
class Language:
    """One language of the site: its tag, its own name (CLDR) and the folder of its pages."""

    code: str
    name: str
    prefix: str  # "" for the site's default language, "de/" for the others


def own_name(code: str) -> str:
    """The language's name in itself, from CLDR: `Deutsch`, `Français`, `English`.

    CLDR writes some names lower case (`français`) for use inside a sentence; a menu of languages
    shows each as a label on its own, which CLDR's context transforms capitalize.
    """
    locale = parse_locale(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def configured_languages(settings: dict[str, Any]) -> tuple[str, ...]:
    """DEFAULT_LANG, then each language of the LANGUAGES setting not already named, in order."""
    default = str(settings.get("DEFAULT_LANG") or SOURCE_LANGUAGE)
    extra = settings.get("LANGUAGES") or ()
    if isinstance(extra, str) or not all(isinstance(code, str) and code.strip() for code in extra):
        raise LanguagesError(f"certreg: LANGUAGES must be a list of language tags such as de, fr, not {extra!r}")
    return tuple(dict.fromkeys([default, *extra]))


def site_languages(settings: dict[str, Any]) -> tuple[Language, ...]:
    """The site's languages: the default one at `/`, the others under `/<code>/`."""
    codes = configured_languages(settings)
    return tuple(Language(code, own_name(code), "" if i == 0 else f"{code}/") for i, code in enumerate(codes))


def page_address(save_as: str) -> str:
    """A page's address from the root of its language: `organizations/x/index.html` → `organizations/x/`."""
    return save_as.removesuffix(PAGE_FILE) if save_as.endswith(f"/{PAGE_FILE}") or save_as == PAGE_FILE else save_as


class Languages:
    """The languages of one build and the links between the language versions of each page."""

    def __init__(self, languages: tuple[Language, ...], siteurl: str) -> None:
        """Link pages under `siteurl` (the site's root, "" for site-relative links)."""
        self.languages, self.siteurl = languages, siteurl

    @property
    def several(self) -> bool:
        """True when the site has more than one language."""
        return len(self.languages) > 1

    @property
    def others(self) -> tuple[Language, ...]:
        """Every language but the default one."""
        return self.languages[1:]

    def links(self, address: str, current: Language) -> list[dict[str, Any]]:
        """The same page in every language, for the switcher and the `hreflang` alternates."""
        return [
            {
                "code": language.code,
                "name": language.name,
                "href": f"{self.siteurl}/{language.prefix}{address}",
                "current": language == current,
                "default": not language.prefix,
            }
            for language in self.languages
        ]

    def pages(self, pages: Iterable[Any], language: Language | None = None) -> Iterator[Any]:
        """Pages of one language (the default when None): under its folder, each with its `languages` links.

        With one language, the pages pass unchanged.
        """
        if not self.several:
            yield from pages
            return
        language = language or self.languages[0]
        for page in pages:
            links = self.links(page_address(page.save_as), language)
            save_as = language.prefix + page.save_as
            moved = page._replace(save_as=save_as, values=partial(with_links, page.values, links))
            if page.inputs is not None:  # a page keyed by its inputs: its links are an input and a value
                inputs = partial(inputs_and_links, page.inputs, links)
                moved = moved._replace(inputs=inputs, own=(*page.own, "languages"))
            yield moved

    def sitemap(self, urls: list[str]) -> tuple[list[str], Callable[[str], list[tuple[str, str]]]]:
        """Every page address in every language, and each one's language versions (with x-default)."""
        address = {language.prefix + url: url for language in self.languages for url in urls}
        return list(address), lambda url: self.alternates(address[url])

    def alternates(self, address: str) -> list[tuple[str, str]]:
        """(hreflang, address) of a page in each language, then x-default: the default language's."""
        versions = [(language.code, f"{self.siteurl}/{language.prefix}{address}") for language in self.languages]
        return [*versions, ("x-default", versions[0][1])]

    def check_folders(self, save_as: Iterable[str]) -> None:
        """Refuse a default-language page saved in a further language's folder (a content page `de.md`)."""
        folders = {language.prefix for language in self.others}
        for path in save_as:
            if path.partition("/")[0] + "/" in folders:
                raise LanguagesError(
                    f"certreg: the page {path} is in {path.partition('/')[0]}/, the folder of a language of "
                    "the site (LANGUAGES): give the page another slug"
                )

    def link_content_pages(self, pages: list[Any]) -> None:
        """Give each content page (about/, …) of the default language its `languages` links (none with one).

        Pelican writes these pages, not the certreg generator, so the links travel on the page.
        """
        self.check_folders(page.save_as for page in pages)
        for page in pages:
            page.languages = self.links(page_address(page.save_as), self.languages[0]) if self.several else []


def inputs_and_links(inputs: Callable[[], Any], links: list[dict[str, Any]]) -> list[Any]:
    """What a page is made from, and its language links."""
    return [inputs(), links]


def with_links(values: Callable[[], dict[str, Any]], links: list[dict[str, Any]]) -> dict[str, Any]:
    """A page's values and its language links."""
    return {**values(), "languages": links}


def install_translator(env: Environment, tr: Translator) -> None:
    """Give templates `_()`, `ngettext()` and `{% trans %}` from `tr`, its dates, numbers, language and direction."""
    env.add_extension("jinja2.ext.i18n")
    # newstyle: `_("… %(name)s", name=value)` escapes the value, and a missing variable is an error
    env.install_gettext_translations(tr.translations, newstyle=True)  # type: ignore[attr-defined]
    # Every page calls `_()` dozens of times with the same messages: translate and escape each once.
    quick = memo_gettext(tr.translations.gettext)
    env.globals.update(gettext=quick, _=quick)
    env.filters.update(longdate=tr.long_date, thousands=tr.number)
    env.globals.update(LANG=tr.language, DIR=tr.direction)


def memo_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's newstyle `gettext` (the same text), with each message that has no variables made once.

    Jinja's own translates, escapes and formats the message on every call, through three context calls;
    this one remembers the result per message and escaping mode (templates pass messages written in
    them, or one of a few fixed labels, so the memo stays small).
    """
    made: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(context: Context, string: str, /, **variables: Any) -> str:
        autoescape = context.eval_ctx.autoescape
        if variables or type(string) is not str:
            return formatted(translate(string), autoescape, variables)
        key = (string, autoescape)
        if key not in made:
            made[key] = formatted(translate(string), autoescape, {})
        return made[key]

    return gettext


def formatted(message: str, autoescape: bool, variables: dict[str, Any]) -> str:
    """A translated message formatted as Jinja's newstyle gettext does: always `%`, escaped when autoescaping."""
    return (Markup(message) if autoescape else message) % variables


def language_environment(env: Environment, tr: Translator, globals_: dict[str, Any]) -> Environment:
    """A Jinja environment like `env` (loader, options, filters, globals), in the language of `tr`.

    A fresh environment, not `env` reworded: imported macro modules are cached with the globals they
    were first imported with, so one environment holds one language.
    """
    fresh = Environment(
        loader=env.loader,
        extensions=list(env.extensions),
        autoescape=env.autoescape,
        trim_blocks=env.trim_blocks,
        lstrip_blocks=env.lstrip_blocks,
        keep_trailing_newline=env.keep_trailing_newline,
        auto_reload=False,
        bytecode_cache=env.bytecode_cache,  # the same compiled templates (build/template_cache.py)
    )
    fresh.filters.update(env.filters)
    fresh.tests.update(env.tests)
    fresh.globals.update({name: value for name, value in env.globals.items() if name not in GETTEXT_GLOBALS})
    install_translator(fresh, tr)
    speed_up(fresh)  # as the generator's environment (render/template_speed.py)
    fresh.globals.update(globals_)
    return fresh


GETTEXT_GLOBALS = frozenset({"_", "gettext", "ngettext", "pgettext", "npgettext"})
