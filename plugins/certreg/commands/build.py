"""`certreg build`: build the static site with Pelican into --output, atomically."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from certreg.commands.common import EXIT_ERRORS, EXIT_OK, Command, add_registry_options
from certreg.commands.configured import ConfigError, add_config_option, configured_settings
from certreg.core.dates import resolve_build_date
from certreg.core.i18n import ENGLISH, N_, SOURCE_LANGUAGE, LanguageError, Translator, translator
from certreg.core.progress import Progress

NO_SITEURL_WARNING = N_(
    "warning: no --siteurl (SITEURL): links are site-relative, pages carry no canonical link and "
    "robots.txt names no sitemap; pass --siteurl https://… when building the published site"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg build`."""
    add_registry_options(parser)
    parser.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: output)")
    parser.add_argument(
        "--siteurl",
        help="absolute URL the site is served from (default: site-relative links)",
    )
    parser.add_argument(
        "--cache", type=Path, help="render cache folder (default: .certreg-cache/<output name> beside the output)"
    )
    parser.add_argument("--no-cache", action="store_true", help="render every page; keep no render cache")
    parser.add_argument(
        "--language", help="language of the interface, e.g. de or fr (default: the DEFAULT_LANG setting, en)"
    )
    add_config_option(parser)


def command_build(args: argparse.Namespace) -> int:
    """Build the static site with Pelican into --output, atomically."""
    # Pelican is imported only when a site is built, so the other commands start fast.
    from certreg.build.staging import BuildError, build_site, default_cache_dir

    progress = Progress()
    tr = ENGLISH  # until the configuration names the build's language
    try:
        cache = None if args.no_cache else (args.cache or default_cache_dir(args.output))
        with configured_settings(args.registry, args.config, cache) as settings:
            overrides = {**settings, **({"SITEURL": args.siteurl.rstrip("/")} if args.siteurl else {})}
            if getattr(args, "language", None):
                overrides["DEFAULT_LANG"] = args.language  # the interface's language (docs/i18n.md)
            tr = build_translator(args.registry, overrides)
            if not overrides.get("SITEURL"):
                print("certreg:", tr.gettext(NO_SITEURL_WARNING), file=sys.stderr)
            progress.attach(sys.stderr, tr)
            report = build_site(args.registry, args.output, resolve_build_date(args.today), overrides, cache, progress)
    except ConfigError as exc:
        print(exc, "certreg: " + tr.gettext("build stopped: fix the configuration file"), sep="\n", file=sys.stderr)
        return EXIT_ERRORS
    except LanguageError as exc:
        print(exc, "certreg: " + tr.gettext("build stopped: nothing was written"), sep="\n", file=sys.stderr)
        return EXIT_ERRORS
    except BuildError as exc:
        if getattr(args, "verbose", False):
            traceback.print_exception(exc.__cause__ or exc)
        print("certreg:", tr.gettext("build failed: {error}").format(error=exc), file=sys.stderr)
        return EXIT_ERRORS
    finally:
        progress.detach()
    print(report.summary(tr), file=sys.stderr)
    return EXIT_OK


def build_translator(registry: Path, overrides: dict[str, object]) -> Translator:
    """Return the translator of the build's language, as the site will use it (with the registry's catalogs).

    The language is --language, else the configuration's `site.language`, else the default settings'
    DEFAULT_LANG; an unknown one, or one without a catalog, raises LanguageError before anything is built.
    """
    language = overrides.get("DEFAULT_LANG") or default_language()
    return translator(str(language), (Path(registry).resolve() / "locale",))


def default_language() -> str:
    """Return DEFAULT_LANG of the bundled Pelican settings (`pelicanconf.py`), which a build starts from."""
    from pelican.settings import read_settings

    from certreg.build.bundle import settings_file

    return str(read_settings(str(settings_file())).get("DEFAULT_LANG") or SOURCE_LANGUAGE)


COMMAND = Command(
    "build",
    "build the static site with Pelican",
    add_arguments,
    command_build,
)
