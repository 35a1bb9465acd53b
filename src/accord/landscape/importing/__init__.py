"""Pouring a file into the landscape: read, check every row, preview, then one atomic commit.

The method asks an alliance to map its landscape; many already have that map in a spreadsheet or
in Kumu. An import never writes on upload: it is always read and checked first (a dry run), and
the person sees every bad row (row, column, reason) and every probable duplicate of a
stakeholder Accord already knows before anything changes. The commit then writes everything in
one transaction, or nothing, and obeys the same rules as a form (`accord.landscape.rules`).

Formats (the same columns both ways, see `columns.STAKEHOLDER_COLUMNS` and `TIE_COLUMNS`):

- **XLSX**: a sheet "stakeholders" and an optional sheet "ties".
- **CSV**: one file. With a `record` column, each row says whether it is a `stakeholder` or a
  `tie` and fills the matching columns (this is what Accord exports). Without it, a file whose
  header has `from` and `to` but no `name` holds ties; any other file holds stakeholders.
  Comma, semicolon or tab separated; UTF-8 (with or without a byte-order mark) or UTF-16.
- **Kumu JSON**: `{"elements": [{"label", "type", ...}], "connections": [{"from", "to", "type"}]}`.
- **GraphML**: nodes with data keys named after the columns, directed edges with kind, strength
  and note; also as networkx, igraph and yEd write it (`graphml`).

Values that are not on Accord's lists (Kumu's "Organization", "influence") are read through a
value mapping the person confirms and the alliance remembers (`mapping`); names close to a known
stakeholder's are offered as probable duplicates with the reason (`similarity`). See
docs/importing.md.

Read in this order:

- `columns`: the columns, their aliases, the normalised row layout, the import's exceptions;
- `values`: parsers for one cell;
- `reading`, `kumu`, `graphml`: files into records, per format;
- `mapping`: values of other tools onto Accord's lists; `similarity`: probable duplicates;
- `checks`: every row checked without the database (`parse`);
- `matching`: rows matched against the alliance and the landscape's rules applied (`plan`);
- `dry_run`, `jobs`, `commit`: the services (`import_job_parse`, `import_job_create`,
  `import_job_discard`, `import_job_commit`).

This package imports none of its modules here, so the background task can import `dry_run`
without pulling in `jobs`, which enqueues that task.
"""
