"""Typed schemas of the YAML formats ekslint reads, and the checker that compares a document with one."""
