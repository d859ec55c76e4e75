"""`certreg diff`: what changed between two revisions (`command`), and its formats (`formats`)."""
