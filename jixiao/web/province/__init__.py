"""A province in the database (issue 11 §1): `load` stores a generated province (bench/generate_province.py) the way
the application stores evaluations, in bulk; `backup` copies the whole database to a file and back."""
