"""GitHub's ``primaryLocationLineHash``: a rolling hash over the line and the text after it.

This is the algorithm GitHub code scanning applies to uploaded SARIF results that carry no
fingerprint of their own. Computing it here means ekslint's alerts keep their identity when lines
are added above them, exactly as if GitHub had computed it.

The text is normalised first: ``\\r\\n`` and ``\\r`` become ``\\n``, spaces and tabs are dropped.
Characters are UTF-16 code units. The hash of a line is the polynomial hash (base 37, modulo
2**64) of the 100 normalised characters that start at the line's first character, counting the
newlines and an end-of-file marker (65535) followed by zeros. A hash that was already produced
by an earlier line gets the next occurrence index: ``"<hex>:<n>"``.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

BLOCK_SIZE = 100
MOD = 37
MASK = (1 << 64) - 1
EOF = 0xFFFF
LF = 0x0A
FIRST_MOD = pow(MOD, BLOCK_SIZE, 1 << 64)
_DROP = str.maketrans("", "", " \t")


def _units(text: str) -> array:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)
    units = array("H")
    units.frombytes(normalised.encode("utf-16-le", "surrogatepass"))
    units.append(EOF)
    units.extend([0] * BLOCK_SIZE)
    return units


def line_hashes(text: str, upto: int | None = None) -> dict[int, str]:
    """Fingerprints of lines 1..`upto` (every line when None): ``{line: "<hex>:<n>"}``."""
    units = _units(text)
    n = len(units) - BLOCK_SIZE  # real characters plus the EOF marker
    # window start positions of each line, in order
    starts = [0]
    for i in range(n - 1):
        if units[i] == LF:
            starts.append(i + 1)
    if upto is not None:
        starts = starts[:upto]
    out: dict[int, str] = {}
    counts: dict[int, int] = {}
    if not starts:
        return out
    # rolling hash over windows [s, s + BLOCK_SIZE); h(s) = sum units[s+k] * 37**(99-k)
    wanted = iter(enumerate(starts, start=1))
    line_no, next_start = next(wanted)
    h = 0
    for i in range(BLOCK_SIZE):
        h = (h * MOD + units[i]) & MASK
    pos = 0
    last = starts[-1]
    while True:
        if pos == next_start:
            counts[h] = counts.get(h, 0) + 1
            out[line_no] = f"{h:x}:{counts[h]}"
            if pos == last:
                break
            line_no, next_start = next(wanted)
        h = (h * MOD + units[pos + BLOCK_SIZE] - FIRST_MOD * units[pos]) & MASK
        pos += 1
    return out


def fingerprints_for(text: str, lines: Iterable[int]) -> dict[int, str]:
    """Fingerprints of the given 1-based lines of `text` (lines past the end are left out)."""
    wanted = sorted({ln for ln in lines if ln >= 1})
    if not wanted:
        return {}
    hashes = line_hashes(text, wanted[-1])
    return {ln: hashes[ln] for ln in wanted if ln in hashes}
