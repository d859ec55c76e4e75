"""A registry's configuration as Pelican settings, and the theme and pages it builds with.

`settings_for(config)` maps `certreg.yaml` onto the settings the templates print (SITENAME,
OPERATOR_NAME, REPORT_ERROR_URL, ...). `prepare_site(config, work)` composes, when the registry needs
it, a theme folder (the bundled theme, then the registry's `overrides/templates/` and
`overrides/static/` by name, its logo, favicon and brand stylesheet) and a content folder (the bundled
pages, then the registry's own `pages/`). The page cache digests the composed theme, so a changed
override renders again. With nothing to compose, the bundled folders are used as they are.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from certreg.build.bundle import site_root
from certreg.validate.config import SiteConfig

OVERRIDES_DIR = "overrides"  # beside certreg.yaml: templates/ and static/, replacing bundled files by name
PAGES_DIR = "pages"  # beside certreg.yaml: extra Markdown pages (or ones replacing a bundled page by name)
ICON_TYPES = {"svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon"}
BRAND_STYLESHEET = "css/brand.css"


def settings_for(config: SiteConfig) -> dict[str, Any]:
    """The Pelican settings a configuration sets (the defaults in pelicanconf.py hold the rest)."""
    settings: dict[str, Any] = {
        "SITENAME": config.get("site", "name"),
        "SITE_DESCRIPTION": config.get("site", "description"),
        "DEFAULT_LANG": config.get("site", "language", "en"),
        "LANGUAGES": tuple(config.get("site", "languages", [])),
        "SITE_NOTICE": config.get("site", "notice"),
        "CERTREG_CREDIT": config.get("site", "credit", True),
        "OPERATOR_NAME": config.get("operator", "name"),
        "OPERATOR_CONTACT": config.get("operator", "contact"),
        "SOURCE_REPOSITORY_URL": config.get("links", "source_repository"),
        "REPORT_ERROR_URL": config.get("links", "report_error"),
        "FOOTER_LINKS": tuple((link["text"], link["url"]) for link in config.get("links", "footer", [])),
        "EXPIRING_SOON_DAYS": config.expiring_soon_days,
    }
    if config.get("site", "url"):
        settings["SITEURL"] = config.get("site", "url")
    if "data_licence" in config.data:
        settings["DATA_LICENSE"] = dict(config.data["data_licence"])
    logo, favicon = config.get("site", "logo"), config.get("site", "favicon")
    if logo:
        settings["LOGO_URL"] = f"theme/logo.{extension(logo)}"
    if favicon:
        settings["FAVICON_URL"] = f"theme/favicon.{extension(favicon)}"
        settings["FAVICON_TYPE"] = ICON_TYPES[extension(favicon)]
    settings["BRAND_STYLESHEET"] = BRAND_STYLESHEET if config.get("site", "colors") else None
    return settings


def extension(name: str) -> str:
    """`overrides/logo.SVG` → `svg`."""
    return name.rpartition(".")[2].lower()


def needs_own_theme(config: SiteConfig) -> bool:
    """Tell whether the registry changes the theme: overrides, a logo, a favicon or colours."""
    site = config.data.get("site", {})
    return (config.folder / OVERRIDES_DIR).is_dir() or any(key in site for key in ("logo", "favicon", "colors"))


def prepare_site(config: SiteConfig, work: Path) -> dict[str, Any]:
    """Compose the theme and content folders under `work` when needed; return THEME and PATH settings."""
    settings: dict[str, Any] = {}
    if work.exists():
        shutil.rmtree(work)  # composed afresh each build: an override deleted since the last build is gone
    if needs_own_theme(config):
        settings["THEME"] = str(compose_theme(config, work / "theme"))
    if (config.folder / PAGES_DIR).is_dir():
        content = work / "content"
        shutil.copytree(site_root() / "content", content)
        shutil.copytree(config.folder / PAGES_DIR, content / "pages", dirs_exist_ok=True)
        settings["PATH"] = str(content)
    return settings


def compose_theme(config: SiteConfig, theme: Path) -> Path:
    """The bundled theme with the registry's overrides, logo, favicon and brand stylesheet on top."""
    shutil.copytree(site_root() / "theme", theme)
    overrides = config.folder / OVERRIDES_DIR
    for part in ("templates", "static"):
        if (overrides / part).is_dir():
            shutil.copytree(overrides / part, theme / part, dirs_exist_ok=True)
    for key in ("logo", "favicon"):
        name = config.get("site", key)
        if name:
            shutil.copyfile(config.folder / name, theme / "static" / f"{key}.{extension(name)}")
    colors = config.get("site", "colors")
    if colors:
        (theme / "static" / BRAND_STYLESHEET).write_text(brand_css(colors), encoding="utf-8")
    return theme


def brand_css(colors: dict[str, str]) -> str:
    """The brand stylesheet: links and the header bar in the brand colour, light and dark."""
    light, dark = colors.get("brand"), colors.get("brand_dark")
    lines = ["/* Brand colours from certreg.yaml (site.colors). */"]
    if light:
        lines.append(f"@media screen {{ :root {{ --link: {light}; --brand: {light}; }} }}")
    if dark:
        dark_screen = "@media screen and (prefers-color-scheme: dark)"
        lines.append(f"{dark_screen} {{ :root {{ --link: {dark}; --brand: {dark}; }} }}")
    lines.append(".site-header { border-top: 4px solid var(--brand, var(--line)); }")
    return "\n".join(lines) + "\n"
