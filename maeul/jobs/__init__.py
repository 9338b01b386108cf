"""Long work with progress: a job row per request, run by a task, watched on a page."""
