"""Beside render: running a build and putting its output in place.

- `staging`: Pelican into a staging folder, swapped in only when the build succeeds;
- `page_cache`: pages kept when their inputs are unchanged;
- `output_sync`: unchanged files keep their inode and modification time;
- `assets`: fingerprinted theme files and the files that come from npm;
- `remote`: `certreg publish`, rclone to object storage.
"""
