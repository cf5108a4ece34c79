"""The rule registry: an explicit list per area, no plugin discovery."""

from __future__ import annotations

from functools import cache

from ekslint.rule import RuleUnit


@cache
def all_rules() -> list[RuleUnit]:
    from ekslint.rules import bootstrap, cluster, identity, input, karpenter, nodes

    units = [RuleUnit.from_module(m) for area in (input, cluster, nodes, bootstrap, identity, karpenter) for m in area.MODULES]
    return sorted(units, key=lambda u: u.id)


def get_rule(rule_id: str) -> RuleUnit | None:
    for r in all_rules():
        if r.id == rule_id.upper() or r.rule.name == rule_id:
            return r
    return None
