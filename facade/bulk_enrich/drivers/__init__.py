"""The I/O drivers: each sends one attempt, streams one download, sleeps; nothing else."""
