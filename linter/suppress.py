"""Inline suppressions: ``# ekslint: ignore[EKS101] reason`` comments in the checked files.

Syntax (``//`` may replace ``#`` in Terraform)::

    # ekslint: ignore[EKS101,EKS404] reason text until=2027-03-31
    # ekslint: ignore-file[EKS301] reason text

* The list names rules by id (``EKS101``), by name (``private-cluster-nodegroup-not-private``) or by
  id prefix (``EKS1`` = every cluster rule), as ``--select`` does. A list is required: there is no
  blanket "ignore everything".
* ``until=YYYY-MM-DD`` (anywhere after the list) ends the suppression after that day; from then on
  the finding is reported again, together with EKS005 saying the suppression expired.
* The reason is the rest of the comment; it becomes the justification of the suppressed finding in
  JSON and SARIF. A suppression without a reason still works and is reported by EKS003.

Scope of ``ignore``: the comment's *target line* is the line it trails, or for a comment alone on
its line the next line that is neither blank nor a comment. The suppression covers findings that
start on the target line and, when that line opens a block, inside the whole block:

* YAML (and every non-Terraform file: user data, MIME, aws-auth strings): the lines indented
  deeper than the target line (a key's mapping or block scalar, a ``- name: x`` list item), and
  for a key that opens a sequence written at the key's own indentation, its ``-`` items;
* Terraform: from the line to the matching closing bracket (``resource "x" "y" {``,
  ``module "eks" {``, ``node_groups = {``, ``subnet_ids = [``) or the end of a heredoc; brackets
  in strings, comments and heredocs do not count. Findings about what a module call produces are
  placed inside the ``module`` block, so a comment above it covers all of them. A finding inside a
  local module (``source = "./modules/x"``) is also covered by a comment on the ``module`` block
  that calls it (an ``ignore-file`` of the caller's file does not reach into the module).

``ignore-file`` applies to the whole file; it may stand on any line of the file, alone on its line.

Meta-findings about the comments themselves: EKS003 (no reason), EKS004 (suppresses nothing; only
for rules that ran in this check), EKS005 (expired), EKS006 (malformed, or unknown rule).
They can be suppressed only by ``ignore-file``; a line-level ``ignore`` of them is malformed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ekslint.documents import SourceFile
from ekslint.findings import Finding, Severity
from ekslint.report import Suppression, suppression_of
from ekslint.rule import RuleUnit
from ekslint.values import Span

NO_REASON = "EKS003"
UNUSED = "EKS004"
EXPIRED = "EKS005"
MALFORMED = "EKS006"
META = frozenset({NO_REASON, UNUSED, EXPIRED, MALFORMED})
HCL_SUFFIXES = (".tf", ".tfvars", ".hcl")

_DIRECTIVE = re.compile(r"(?:^|(?<=\s))(?:#+|//)\s*ekslint\s*:(?P<rest>.*)$", re.I)
_VERB = re.compile(r"\s*(?P<verb>[A-Za-z-]+)\s*(?:\[(?P<list>[^\]]*)\])?(?P<tail>.*)$")
_UNTIL = re.compile(r"(?<!\S)until\s*=\s*(?P<date>\S*)", re.I)
_COMMENT_ONLY = re.compile(r"^\s*(?:#|//)")
_HEREDOC = re.compile(r"<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")


@dataclass
class Directive:
    file: str
    line: int  # the comment's line
    col: int
    end_col: int
    file_level: bool
    tokens: dict[str, frozenset[str]]  # each rule token as written -> the rule ids it names
    reason: str
    until: date | None
    scope: tuple[int, int] = (0, -1)  # first and last line covered (ignore); empty when (0, -1)
    used: set[str] = field(default_factory=set)  # tokens that suppressed a finding

    @property
    def span(self) -> Span:
        return Span(self.file, self.line, self.col, self.line, self.end_col)

    def expired(self, today: date) -> bool:
        return self.until is not None and today > self.until

    def covers(self, line: int) -> bool:
        return self.file_level or self.scope[0] <= line <= self.scope[1]

    def tokens_for(self, rule_id: str) -> list[str]:
        return [t for t, ids in self.tokens.items() if rule_id in ids]


@dataclass(frozen=True)
class Problem:
    """A comment that is not a usable suppression (reported by EKS006)."""

    span: Span
    message: str


# -- rule names ------------------------------------------------------------------------------


def resolve(token: str, units: Iterable[RuleUnit]) -> frozenset[str]:
    """The rule ids a token names: an id, an id prefix (``EKS1``) or a rule name; empty if none."""
    t = token.strip()
    if re.fullmatch(r"(?i)eks\d{3}", t):
        return frozenset(u.id for u in units if u.id == t.upper())
    if re.fullmatch(r"(?i)eks\d{0,2}", t):
        return frozenset(u.id for u in units if u.id.startswith(t.upper()))
    return frozenset(u.id for u in units if u.rule.name == t.lower())


# -- parsing ---------------------------------------------------------------------------------


def parse_file(sf: SourceFile, units: list[RuleUnit]) -> tuple[list[Directive], list[Problem]]:
    """Every ``ekslint:`` comment of a file, with its scope; and the malformed ones."""
    directives: list[Directive] = []
    problems: list[Problem] = []
    if "ekslint" not in sf.text.lower():
        return directives, problems
    lines = sf.lines
    hcl = sf.display.lower().endswith(HCL_SUFFIXES) or sf.path.suffix.lower() in HCL_SUFFIXES
    scopes = _HclScopes(lines) if hcl else None
    for n, text in enumerate(lines, start=1):
        if "ekslint" not in text.lower():
            continue
        m = _DIRECTIVE.search(text)
        if m is None:
            continue
        col = m.start() + 1
        span = Span(sf.display, n, col, n, max(len(text.rstrip()), col))
        d = _parse(m.group("rest"), span, units, problems)
        if d is None:
            continue
        alone = not text[: m.start()].strip()
        if d.file_level:
            if not alone:
                problems.append(Problem(span, "`ignore-file` must stand alone on its line; move it to a line of its own"))
                continue
        else:
            target = _target_line(lines, n) if alone else n
            if target is not None:
                end = scopes.block_end(target) if scopes is not None else _indent_block_end(lines, target, len(lines))
                d.scope = (target, end)
        directives.append(d)
    return directives, problems


def _parse(rest: str, span: Span, units: list[RuleUnit], problems: list[Problem]) -> Directive | None:
    m = _VERB.match(rest)
    verb = (m.group("verb") if m else "").lower()
    if m is None or verb not in ("ignore", "ignore-file"):
        problems.append(Problem(span, "unknown ekslint comment; write `# ekslint: ignore[EKS123] reason` or `# ekslint: ignore-file[EKS123] reason`"))
        return None
    if m.group("list") is None:
        problems.append(Problem(span, f"`{verb}` needs the rules it suppresses in brackets: `# ekslint: {verb}[EKS123] reason`"))
        return None
    names = [t.strip() for t in m.group("list").split(",") if t.strip()]
    if not names:
        problems.append(Problem(span, f"`{verb}[]` names no rule; list the rule ids, e.g. `{verb}[EKS123]`"))
        return None
    tail = m.group("tail")
    until: date | None = None
    um = _UNTIL.search(tail)
    if um is not None:
        try:
            until = date.fromisoformat(um.group("date"))
        except ValueError:
            problems.append(Problem(span, f"`until={um.group('date')}` is not a date; write it as until=YYYY-MM-DD"))
            return None
        tail = tail[: um.start()] + tail[um.end() :]
    reason = re.sub(r"\s+", " ", tail).strip().lstrip("-:—– ").strip()
    file_level = verb == "ignore-file"
    tokens: dict[str, frozenset[str]] = {}
    for name in names:
        ids = resolve(name, units)
        if not ids:
            problems.append(Problem(span, f"`{name}` is not an ekslint rule; name rules by id (EKS123), prefix (EKS1) or name"))
        elif not file_level and ids <= META:
            problems.append(Problem(span, f"`{name}` reports suppression comments and can be suppressed only for a whole file: `# ekslint: ignore-file[{name}] reason`"))
        else:
            tokens[name] = ids if file_level else ids - META
    if not tokens:
        return None
    return Directive(span.file, span.line, span.col, span.end_col, file_level, tokens, reason, until)


def _target_line(lines: list[str], n: int) -> int | None:
    """The first line after `n` that is neither blank nor a comment."""
    for j in range(n + 1, len(lines) + 1):
        s = lines[j - 1]
        if s.strip() and not _COMMENT_ONLY.match(s):
            return j
    return None


# -- scopes ----------------------------------------------------------------------------------


def _indent(s: str) -> int:
    return len(s.expandtabs(8)) - len(s.expandtabs(8).lstrip())


def _indent_block_end(lines: list[str], target: int, last: int) -> int:
    """Last line of the YAML block the target line opens (its deeper-indented lines), else the line."""
    head = lines[target - 1]
    ind = _indent(head)
    stripped = head.strip()
    item = stripped == "-" or stripped.startswith("- ")
    opens_seq = not item and re.sub(r"\s+#.*$", "", stripped).endswith(":")
    end = target
    for j in range(target + 1, last + 1):
        s = lines[j - 1]
        body = s.strip()
        if not body or body.startswith("#"):
            continue
        if _indent(s) == 0 and body in ("---", "..."):
            break
        li = _indent(s)
        if li > ind or (opens_seq and li == ind and (body == "-" or body.startswith("- "))):
            end = j
            continue
        break
    return end


class _HclScopes:
    """Bracket depth per line of a Terraform file (strings, comments and heredocs skipped)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.before: list[int] = []
        self.after: list[int] = []
        self.heredoc_end: dict[int, int] = {}  # heredoc body line -> the heredoc's terminator line
        self._scan()

    def _scan(self) -> None:
        depth = 0
        modes: list[list[int]] = []  # [0] a string, [1, braces] an interpolation
        heredoc: str | None = None
        heredoc_lines: list[int] = []
        in_comment = False
        for n, line in enumerate(self.lines, start=1):
            start = depth
            if heredoc is not None:
                if line.strip() == heredoc:
                    heredoc = None
                    depth -= 1
                    for h in heredoc_lines:
                        self.heredoc_end[h] = n
                    heredoc_lines = []
                else:
                    heredoc_lines.append(n)
                self.before.append(start)
                self.after.append(depth)
                continue
            i, size = 0, len(line)
            while i < size:
                c = line[i]
                if in_comment:
                    if line.startswith("*/", i):
                        in_comment = False
                        i += 1
                elif modes and modes[-1][0] == 0:  # in a string
                    if c == "\\":
                        i += 1
                    elif c == '"':
                        modes.pop()
                    elif c in "$%" and line.startswith("{", i + 1):
                        modes.append([1, 0])
                        i += 1
                elif c == '"':
                    modes.append([0])
                elif c == "#" or line.startswith("//", i):
                    break
                elif line.startswith("/*", i):
                    in_comment = True
                    i += 1
                elif c == "<" and not modes and (h := _HEREDOC.match(line, i)) is not None:
                    heredoc = h.group(1)
                    depth += 1
                    break
                elif modes:  # in an interpolation
                    if c == "{":
                        modes[-1][1] += 1
                    elif c == "}":
                        if modes[-1][1] == 0:
                            modes.pop()
                        else:
                            modes[-1][1] -= 1
                elif c in "{[(":
                    depth += 1
                elif c in "}])":
                    depth -= 1
                i += 1
            if modes and modes[-1][0] == 0:  # an unterminated string: recover at the line end
                modes.clear()
            self.before.append(start)
            self.after.append(depth)
        for h in heredoc_lines:  # unterminated heredoc: runs to the end of the file
            self.heredoc_end[h] = len(self.lines)

    def block_end(self, target: int) -> int:
        if target in self.heredoc_end:  # YAML or a script inside a heredoc: indentation decides
            return _indent_block_end(self.lines, target, self.heredoc_end[target] - 1)
        d0 = self.before[target - 1]
        if self.after[target - 1] <= d0:
            return target
        for j in range(target, len(self.lines)):
            if self.after[j] <= d0:
                return j + 1
        return len(self.lines)


# -- applying --------------------------------------------------------------------------------


def apply(
    findings: list[Finding],
    files: Iterable[SourceFile],
    ran: Iterable[RuleUnit],
    today: date | None = None,
) -> list[Finding]:
    """Mark the findings the comments suppress and add the meta-findings (EKS003–EKS006).

    `ran` are the rules of this check: unused suppressions are reported only for them, and a
    meta-finding only when its rule is among them."""
    from ekslint.rules import all_rules

    today = today or date.today()
    units = all_rules()
    ran_ids = {u.id for u in ran}
    by_file: dict[str, list[Directive]] = {}
    problems: list[Problem] = []
    for sf in files:
        ds, ps = parse_file(sf, units)
        if ds:
            by_file.setdefault(sf.display, []).extend(ds)
        problems.extend(ps)

    out = [_suppress(f, _candidates(f, by_file), today) for f in findings]

    meta: list[Finding] = []

    def emit(rule_id: str, span: Span, message: str) -> None:
        if rule_id in ran_ids:
            meta.append(Finding(rule_id, _severity(rule_id, units), message, span))

    for p in problems:
        emit(MALFORMED, p.span, p.message)
    for ds in by_file.values():
        for d in ds:
            where = "ignore-file" if d.file_level else "ignore"
            if d.expired(today):
                emit(EXPIRED, d.span, f"this suppression expired on {d.until}; it no longer suppresses anything. "
                     "Fix the findings it covered, or renew it with a later until= date")
                continue
            if not d.reason:
                emit(NO_REASON, d.span, f"suppression without a reason; say why after the list: `# ekslint: {where}[{', '.join(d.tokens)}] reason`")
            unused = [t for t, ids in d.tokens.items() if t not in d.used and ids & ran_ids and not ids <= META]
            if unused:
                what = ", ".join(unused)
                emit(UNUSED, d.span, f"suppression of {what} matches no finding; remove {what} from the comment"
                     if len(unused) < len(d.tokens) else f"suppression of {what} matches no finding; remove the comment")
    out.extend(_suppress(f, _candidates(f, by_file), today, meta_only=True) for f in meta)
    return sorted(out, key=Finding.sort_key)


def _severity(rule_id: str, units: list[RuleUnit]) -> Severity:
    return next(u.rule.severity for u in units if u.id == rule_id)


def _candidates(f: Finding, by_file: dict[str, list[Directive]]) -> list[tuple[Directive, int]]:
    """The directives that could cover the finding, each with the line it must cover: the finding's
    own line, and for a finding inside a local Terraform module, the lines of the module calls."""
    out = [(d, f.span.line) for d in by_file.get(f.span.file, ())]
    for call in f.span.via:
        out.extend((d, call.line) for d in by_file.get(call.file, ()) if not d.file_level)
    return out


def _suppress(f: Finding, directives: Iterable[tuple[Directive, int]], today: date, meta_only: bool = False) -> Finding:
    if suppression_of(f) is not None:
        return f
    best: Directive | None = None
    for d, line in directives:
        if meta_only and not d.file_level:
            continue
        tokens = d.tokens_for(f.rule_id)
        if not tokens or not d.covers(line) or d.expired(today):
            continue
        d.used.update(tokens)
        if best is None or _width(d) < _width(best):
            best = d
    if best is None:
        return f
    return dataclasses.replace(f, suppression=Suppression("inSource", best.reason))


def _width(d: Directive) -> int:
    return 1 << 30 if d.file_level else d.scope[1] - d.scope[0]
