"""certreg: an open registry of certified organizations, as a Pelican plugin."""
