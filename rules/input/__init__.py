"""Rules: input files."""

from ekslint.rules.input import file_does_not_parse, file_not_readable

MODULES = [file_does_not_parse, file_not_readable]
