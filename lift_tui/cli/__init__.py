"""The command line: argparse, with heavy imports deferred into each command's ``run``."""
