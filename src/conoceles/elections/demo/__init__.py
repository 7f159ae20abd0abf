"""Demo election: a realistic Quintana Roo local process, generated as rows in the import formats."""
