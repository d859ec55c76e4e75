"""The last line of `certreg build`: what was written, in the build's language and plural forms."""

from __future__ import annotations

from certreg.build.output_sync import SyncReport
from certreg.core.i18n import translator


def test_the_english_summary_is_worded_as_before() -> None:
    report = SyncReport(written=918, unchanged=0, removed=1, bytes_written=6541699, seconds=4.06)
    assert report.summary() == "certreg: 918 files written, 0 unchanged, 1 removed; 6,541,699 bytes written; 4.1 s"
    assert report.summary(translator("en")) == report.summary()
    one = SyncReport(written=1, unchanged=1, removed=0, bytes_written=1, seconds=0.0)
    assert one.summary() == "certreg: 1 file written, 1 unchanged, 0 removed; 1 byte written; 0.0 s"


def test_the_summary_speaks_german_and_french_with_their_plurals_and_numbers() -> None:
    report = SyncReport(written=12345, unchanged=1, removed=2, bytes_written=6541699, seconds=12.34)
    assert report.summary(translator("de")) == (
        "certreg: 12.345 Dateien geschrieben, 1 unverändert, 2 entfernt; 6.541.699 Bytes geschrieben; 12,3 s"
    )
    french = report.summary(translator("fr")).replace("\u202f", " ").replace("\xa0", " ")
    assert french == "certreg: 12 345 fichiers écrits, 1 inchangé, 2 supprimés ; 6 541 699 octets écrits ; 12,3 s"
    none = SyncReport(written=0, unchanged=0, removed=0, bytes_written=0, seconds=0.0)
    expected = "certreg: 0 fichier écrit, 0 inchangé, 0 supprimé\u202f; 0 octet écrit\u202f; 0,0 s"
    assert none.summary(translator("fr")) == expected  # a narrow no-break space before each semicolon
