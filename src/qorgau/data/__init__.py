"""Data files: lexicons, statutes, regions."""
