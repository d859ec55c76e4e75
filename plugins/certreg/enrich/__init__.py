"""Stage 3, enrich: the complete view model `Site`, computed once; it never reads the clock.

- `site`: `enrich(registry, build_date, ...)` and the `Site` every renderer reads;
- `status`: the one status table (precedence, wording, style);
- `identifiers`: the identifier schemes (LEI, VAT number…) and their labels;
- `summaries`: groupings, counts and the home page's sections;
- `events`: what happened to each record, from its history and its status;
- `pipeline`: load → validate → enrich, strict for the site and tolerant for the maintainer commands.
"""
