"""The demo election (`manage.py demo`, `demo_files`): a realistic Quintana Roo local process, generated as rows in
the import formats and filled as a week into campaigns. It uses every other app; no other app uses it."""
