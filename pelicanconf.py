"""Pelican settings for the certreg site: `pelican` (or `make html`) builds ./registry into ./output."""

from __future__ import annotations

# --- the registry --------------------------------------------------------------------------------
# Each of these can be overridden on the command line, e.g.
#   pelican -e REGISTRY_TODAY='"2026-11-25"' -e EXPIRING_SOON_DAYS=60
# EXPIRING_SOON_DAYS is left unset here: its default is certreg.enrich.status.EXPIRING_SOON_DAYS, the one
# threshold the commands, the status table and the open data share.
REGISTRY_PATH = "registry"  # relative paths are read from the current directory
REGISTRY_TODAY = None  # None: SOURCE_DATE_EPOCH (UTC), else today in UTC
REGISTRY_HISTORY = True  # History sections, feeds and change files read the git history of REGISTRY_PATH
# Optional follow files (docs/follow.md): a calendar per certificate (the organization's calendar already
# holds each certificate's events), a shields.io `badge.json` beside each certificate's badge.svg, and
# an organization badge summing up the badges of its certificates.
FOLLOW_CERTIFICATE_CALENDARS = False
FOLLOW_BADGE_JSON = False
FOLLOW_ORGANIZATION_BADGE = False
QR_CACHE = ".cache/qr"  # drawn QR codes, by hash of URL and drawing settings; safe to delete; None: no cache

# --- the site ------------------------------------------------------------------------------------
# Neutral defaults: `certreg build` sets these from the registry's certreg.yaml (docs/configuration.md).
SITENAME = "Certificate registry"
SITE_DESCRIPTION = None  # one sentence for search results; None: a sentence built from SITENAME
SITEURL = ""
RELATIVE_URLS = False
DATA_LICENSE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
OPERATOR_NAME = None  # who runs the registry, in every footer
OPERATOR_CONTACT = None  # https:// or mailto: address
SOURCE_REPOSITORY_URL = ""  # the registry's repository; History links point at its commits; "": no links
REPORT_ERROR_URL = ""  # where "Report an error" goes; "": no such link
FOOTER_LINKS: tuple[tuple[str, str], ...] = ()  # (text, URL); a URL starting with / is on this site
SITE_NOTICE = None  # shown at the top of the About page (the demo registry's "Demonstration data")
CERTREG_CREDIT = True  # "Made with certreg" in the footer
LOGO_URL = None  # theme/logo.svg when certreg.yaml names a logo
FAVICON_URL = "theme/favicon.svg"
FAVICON_TYPE = "image/svg+xml"
BRAND_STYLESHEET = None  # css/brand.css when certreg.yaml sets colours
LIST_PAGE_SIZE = 100  # rows per page of every paginated list

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
LANGUAGES: tuple[str, ...] = ()  # further languages, each a copy of the pages under /<lang>/ (docs/i18n.md)
DEFAULT_DATE = None

# --- Pelican plumbing ----------------------------------------------------------------------------
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["certreg"]
DELETE_OUTPUT_DIRECTORY = False
JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,
}

# Markdown files anywhere under content/ are pages, served at /<slug>/; there are no articles.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS = [""]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# `_headers` (Netlify and Cloudflare Pages syntax: CORS on /api/*, CSP, caching) goes to the output root.
STATIC_PATHS = ["extra/_headers"]
EXTRA_PATH_METADATA = {"extra/_headers": {"path": "_headers"}}

# The certreg generator writes the home page and every list; Pelican's own indexes are off.
DIRECT_TEMPLATES: list[str] = []
PAGINATED_TEMPLATES: dict[str, int] = {}
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
