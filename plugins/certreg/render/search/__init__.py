"""The search index: lunr.py builds shards at build time; lunr.js reads only the shards a query needs.

- `index`: the documents and files of the index; `shards`: shard building; `encoding`: compact keys.
"""
