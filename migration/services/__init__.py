"""The verbs of the migration: what views, the CLI, tasks and other apps call to change its state.

- `source`: where the share is and where it lands (`migration_source_set`, the folder mapping);
- `scan`: start and run a scan (`scan_start`, `scan_execute`), and the time estimate;
- `job_start`: the one start of every job, with its checks (`migration_job_start`,
  `require_ready_to_migrate`);
- `bulk`: start a bulk (`migration_start_bulk`), and run the batches of any upload job: plan and
  hand out, sweep, run a batch;
- `delta`: detect what changed (`delta_detect`), start a delta, apply its moves;
- `verify`: start and run a verification;
- `runner`: follow a job from the CLI, or run it in this process (`--here`).

Below the services: migration.jobs (one job's life in the database), then migration.transfer
(uploads and other Dropbox calls) and migration.scan (the walk of the share).
"""
