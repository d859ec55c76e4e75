"""`certreg diff`: the command and its git (`command`), its data (`model`), its formats (`formats`)."""
