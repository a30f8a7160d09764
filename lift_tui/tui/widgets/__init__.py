"""One widget a file; each renders what it is given and posts messages, computing no IR."""
