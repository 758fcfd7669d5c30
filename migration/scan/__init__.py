"""The scan: walking the share into the manifest.

- `share`: `scan_share()` and `ShareScanner`, one folder at a time (start here);
- `walk`: the folder listings, read in a second process (imports no Django: the child runs it);
- `entries`: what one entry or manifest row is (kind, unchanged, changed in place);
- `rescan`: a rescan's shortcut through the listings stored on folder rows (`fingerprint`);
- `recording`: queueing and writing the rows (`manifest_writer`: COPY or executemany);
- `naming`: the Dropbox name rules; `summary`: the counters a scan reports;
- `reconcile`: pairing vanished rows with new ones as moves, after the walk.

This package imports nothing on import: `walk`'s child process imports `migration.scan.walk`
without Django.
"""
