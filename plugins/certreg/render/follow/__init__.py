"""Following a supplier: Atom feeds, iCalendar files, badges, print QR codes and the daily change files.

`follow.Follow` is what the generator asks; `feeds`, `calendars`, `badges`, `qr_codes` and `changes`
each format one kind of file, from `Site.history` and `Site.events`: nothing here reads git.
"""
