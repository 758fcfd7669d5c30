"""Moving files to Dropbox: one batch at a time, any worker.

- `batch_run`: claim a batch, upload it, record each file's state; the claim's heartbeat;
- `uploader` (small files, many per call), `large_files` (chunked sessions), `upload_items`
  (what both share: limits, items, outcomes);
- `dropbox_calls` (every call through the retry policy and the team's `limiter`),
  `session_memo` (a large upload resumes its session after a killed worker);
- `folders` (create folders), `moves` (moves and the archive of deleted files),
  `manifest_updates` (write per-file state back to many rows at once).
"""
